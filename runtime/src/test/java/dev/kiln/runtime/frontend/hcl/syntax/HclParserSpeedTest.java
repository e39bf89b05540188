package dev.kiln.runtime.frontend.hcl.syntax;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Parses a generated 2,000-line Packer-like template and logs the warm time (no timing assertion). */
class HclParserSpeedTest {

    static String template(int lines) {
        StringBuilder sb = new StringBuilder();
        int i = 0;
        while (sb.chars().filter(c -> c == '\n').count() < lines) {
            sb.append("""
                    variable "image_%1$d" {
                      type        = string
                      default     = "alpine:3.%1$d"
                      description = "Base image number %1$d"
                    }

                    locals {
                      tags_%1$d = [for t in var.tags : lower(t) if t != ""]
                      name_%1$d = "app-${var.image_%1$d}-%%{ if var.on }on%%{ else }off%%{ endif }"
                    }

                    source "docker" "img_%1$d" {
                      image   = var.image_%1$d
                      commit  = true
                      changes = ["ENV N=%1$d", "WORKDIR /app"]
                      run_command = ["-d", "-i", "-t", "{{.Image}}", "/bin/sh"]
                    }

                    build {
                      name    = "b%1$d"
                      sources = ["source.docker.img_%1$d"]

                      provisioner "shell" {
                        inline = [
                          "echo ${build.ID} %1$d",
                          "apk add --no-cache curl git",
                        ]
                        environment_vars = { for k, v in var.env : k => v }
                      }

                      post-processor "docker-tag" {
                        repository = "example/app"
                        tags       = concat(local.tags_%1$d, [var.version], var.extra[*].name)
                        only       = length(var.only) > 0 ? var.only : ["docker.img_%1$d"]
                      }
                    }
                    # -- %1$d
                    """.formatted(i++));
        }
        return sb.toString();
    }

    @Test
    void parsesTwoThousandLinesQuickly() {
        byte[] src = template(2000).getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < 100; i++) {
            assertThat(HclParser.parseFile("big.pkr.hcl", src).diagnostics()).isEmpty();
        }
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        boolean cpu = mx.isCurrentThreadCpuTimeSupported();
        long[] times = new long[15];
        long[] cpuTimes = new long[times.length];
        ParseResult last = null;
        for (int i = 0; i < times.length; i++) {
            long c0 = cpu ? mx.getCurrentThreadCpuTime() : 0;
            long t0 = System.nanoTime();
            last = HclParser.parseFile("big.pkr.hcl", src);
            times[i] = System.nanoTime() - t0;
            cpuTimes[i] = cpu ? mx.getCurrentThreadCpuTime() - c0 : 0;
        }
        Arrays.sort(times);
        Arrays.sort(cpuTimes);
        // Wall time on a shared machine varies a lot; the thread's CPU time is the steadier number.
        System.out.printf("HclParserSpeedTest: %d lines, %d bytes, wall median %.2f ms (best %.2f), cpu median"
                + " %.2f ms%n",
                new String(src, StandardCharsets.UTF_8).lines().count(), src.length,
                times[times.length / 2] / 1e6, times[0] / 1e6, cpuTimes[cpuTimes.length / 2] / 1e6);
        assertThat(last.body().blocks("build")).hasSizeGreaterThan(40);
    }
}
