package dev.kiln.docker.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which requests get the answer timeout: those whose answer should come at once, never a stream. */
class EngineTransportTest {

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
            "GET, /_ping",
            "HEAD, /_ping",
            "GET, /version",
            "GET, /images/alpine:3.20/json",
            "GET, /images/registry.example.com:5000/acme/app/json",
            "POST, /containers/create?name=x",
            "POST, /containers/c0ffee/start",
            "GET, /containers/c0ffee/json",
            "DELETE, /containers/c0ffee?force=true&v=true",
            "DELETE, /images/acme/push",
            "POST, /images/sha256:abc/tag?repo=acme/app&tag=1",
            "GET, /containers/json?all=true",
            "GET, /images/json",
            "POST, /containers/c0ffee/exec",
            "GET, /exec/e1/json",
            "HEAD, /containers/c0ffee/archive?path=/tmp",
            "GET, /v1.41/containers/c0ffee/json",
    })
    void quickRequestsHaveTheTimeout(String method, String path) {
        assertThat(EngineTransport.streams(method, path, false)).isFalse();
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
            "POST, /exec/e1/start",
            "POST, /containers/c0ffee/attach?stream=1&stdout=1",
            "GET, /containers/c0ffee/logs?follow=1",
            "GET, /containers/c0ffee/export",
            "POST, /containers/c0ffee/wait",
            "GET, /containers/c0ffee/archive?path=/etc",
            "PUT, /containers/c0ffee/archive?path=/tmp",
            "POST, /images/create?fromImage=alpine&tag=3.20",
            "POST, /images/registry.example.com:5000/acme/app/push?tag=1",
            "GET, /images/kiln-test%2Fany%3A1/get",
            "GET, /images/get?names=a&names=b",
            "POST, /images/load?quiet=1",
            "POST, /commit?container=c0ffee&pause=true",
            "GET, /events",
            "POST, /v1.41/exec/e1/start",
    })
    void streamsAndLongEngineWorkHaveNone(String method, String path) {
        assertThat(EngineTransport.streams(method, path, false)).isTrue();
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"POST, /containers/c0ffee/start", "POST, /build"})
    void aRequestThatStreamsItsBodyHasNone(String method, String path) {
        assertThat(EngineTransport.streams(method, path, true)).isTrue();
    }
}
