package dev.kiln.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.cli.KilnCli;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HCL2 templates' problems as {@code kiln validate} prints them: as Packer 1.9 does (HCL's diagnostic text, 80 columns,
 * no colour), every one at once, each with the real file, line and source line where Packer 1.6.6 often says
 * {@code (source code not available)}; machine-readable output keeps one line per problem; JSON templates keep their
 * one-line form.
 */
class Hcl2ProblemsCliTest {

    @TempDir Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int validate(String name, String text, String... options) throws IOException {
        Files.writeString(dir.resolve(name), text);
        Session session = new Session(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Map.of("HOME", dir.toString()), dir, false);
        String[] args = new String[options.length + 2];
        args[0] = "validate";
        System.arraycopy(options, 0, args, 1, options.length);
        args[args.length - 1] = name;
        return KilnCli.run(session, args);
    }

    /** What validate wrote on stderr, with the temporary folder taken out of the file names. */
    private String err() {
        return err.toString(StandardCharsets.UTF_8).replace(dir + "/", "");
    }

    @Test
    void evaluationErrorsOfSourcesAndProvisionersAreEachShownWithTheirSourceLine() throws IOException {
        int exit = validate("t.pkr.hcl", """
                variable "x" {
                  type    = string
                  default = "a"
                }

                source "docker" "a" {
                  image  = var.y
                  commit = true
                }

                build {
                  sources = ["source.docker.a"]
                  provisioner "shell" {
                    inline = [upper2("x"), "${1 + true}"]
                  }
                }
                """);

        assertThat(exit).isOne();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(err()).isEqualTo("""
                Error: Unsupported attribute

                  on t.pkr.hcl line 7, in source "docker" "a":
                   7:   image  = var.y
                                    ^^

                This object does not have an attribute named "y".

                Error: Call to unknown function

                  on t.pkr.hcl line 14, in build:
                  14:     inline = [upper2("x"), "${1 + true}"]
                                    ^^^^^^

                There is no function named "upper2". Did you mean "upper"?

                Error: Invalid operand

                  on t.pkr.hcl line 14, in build:
                  14:     inline = [upper2("x"), "${1 + true}"]
                                                        ^^^^

                Unsuitable value for right operand: number required.


                """);
    }

    /** Found after evaluation, by binding the options and by the components' checks: Kiln's words, Packer's look. */
    @Test
    void problemsOfBindingAndOfTheComponentsAreShownTheSameWay() throws IOException {
        int exit = validate("t.pkr.hcl", """
                source "docker" "a" {
                  image  = "alpine"
                  commit = true
                  imagee = "x"
                }
                build {
                  sources = ["source.docker.a"]
                  provisioner "shell" {
                    inline       = ["echo"]
                    pause_before = "5x"
                  }
                  provisioner "shell" {
                  }
                }
                """);

        assertThat(exit).isOne();
        assertThat(err()).isEqualTo("""
                Error: unknown option 'imagee' for builder 'docker'; did you mean 'image'?

                  on t.pkr.hcl line 4, in source "docker" "a":
                   4:   imagee = "x"
                        ^

                Error: pause_before: '5x' is not a duration; write it like '30s', '5m' or '1h30m'.

                  on t.pkr.hcl line 10, in build:
                  10:     pause_before = "5x"
                                         ^

                Error: Either a script file or inline script must be specified.

                  on t.pkr.hcl line 12, in build:
                  12:   provisioner "shell" {
                        ^


                """);
    }

    @Test
    void everySyntaxErrorIsShownNotOnlyTheFirst() throws IOException {
        int exit = validate("t.pkr.hcl", """
                variable "x" {
                  type = string
                  default = "a" +
                }

                build {
                  foo = 
                }
                """);

        assertThat(exit).isOne();
        assertThat(err()).isEqualTo("""
                Error: Invalid expression

                  on t.pkr.hcl line 3, in variable "x":
                   3:   default = "a" +
                                       ^

                Expected the start of an expression, but found an invalid expression token.

                Error: Invalid expression

                  on t.pkr.hcl line 7, in build:
                   7:   foo =
                             ^

                Expected the start of an expression, but found an invalid expression token.


                """);
    }

    @Test
    void blocksTypeMismatchesAndFailedValidationRulesAreShownWithTheRealFileAndLine() throws IOException {
        int exit = validate("t.pkr.hcl", """
                variable "x" {
                  type    = number
                  default = "a"
                }
                variable "y" {
                  type    = string
                  default = "b"
                  validation {
                    condition     = length(var.y) > 3
                    error_message = "The y must be long."
                  }
                }
                source "docker" "a" {
                  image  = "x"
                  commit = true
                }
                data "amazon-ami" "x" {
                }
                foo "bar" {}
                build {
                  sources = ["source.docker.a"]
                }
                """);

        assertThat(exit).isOne();
        // the detail names the file as the session resolved it, a temporary folder's long path, which wraps
        assertThat(err().replace("rule at\nt.pkr.hcl", "rule at t.pkr.hcl")).isEqualTo("""
                Error: Unsupported block type

                  on t.pkr.hcl line 17, in data "amazon-ami" "x":
                  17: data "amazon-ami" "x" {
                      ^^^^^^^^^^^^^^^^^^^^^

                data blocks are not supported yet: data "amazon-ami" "x".

                Error: Unsupported block type

                  on t.pkr.hcl line 19, in foo "bar":
                  19: foo "bar" {}
                      ^^^

                Blocks of type "foo" are not expected here.

                Error: Invalid default value for variable

                  on t.pkr.hcl line 3, in variable "x":
                   3:   default = "a"
                                  ^^^

                This default value is not compatible with the variable's type constraint: a
                number is required.

                Error: Invalid value for variable

                  on t.pkr.hcl line 9, in variable "y":
                   9:     condition     = length(var.y) > 3
                                          ^^^^^^^^^^^^^^^^^

                The y must be long.

                This was checked by the validation rule at t.pkr.hcl:9:21.


                """);
    }

    @Test
    void aVarFileSettingAnUndeclaredVariableIsAWarningAsInPacker() throws IOException {
        Files.writeString(dir.resolve("v.pkrvars.hcl"), "nope = \"c\"\n");
        int exit = validate("t.pkr.hcl", """
                source "docker" "a" {
                  image  = "alpine"
                  commit = true
                }
                build {
                  sources = ["source.docker.a"]
                }
                """, "-var-file", "v.pkrvars.hcl");

        assertThat(exit).isZero();
        assertThat(err()).isEmpty();
        assertThat(out.toString(StandardCharsets.UTF_8).replace(dir + "/", "")).isEqualTo("""
                Warning: Undefined variable

                  on v.pkrvars.hcl line 1:
                   1: nope = "c"
                      ^^^^

                The variable "nope" was set but was not declared as an input variable.
                To declare variable "nope" place this block in one of your .pkr.hcl files, such
                as variables.pkr.hcl

                variable "nope" {
                  type    = string
                  default = null
                }


                The configuration is valid.
                """);
    }

    @Test
    void aVarOfAnUndeclaredVariableIsAnErrorAsInPacker() throws IOException {
        int exit = validate("t.pkr.hcl", """
                source "docker" "a" {
                  image  = "alpine"
                  commit = true
                }
                build {
                  sources = ["source.docker.a"]
                }
                """, "-var", "nope=1");

        assertThat(exit).isOne();
        assertThat(err()).isEqualTo("""
                Error: Undefined -var variable

                A "nope" variable was passed in but was not found in known variables. To declare
                variable "nope", place this block in one of your .pkr.hcl files, such as
                variables.pkr.hcl


                """);
    }

    /** As HCL's writer marks it with colour: the severity red, the subject bold and underlined. */
    @Test
    void buildWithColourMarksTheSubject() throws IOException {
        Files.writeString(dir.resolve("t.pkr.hcl"), """
                source "docker" "a" {
                  image  = var.y
                  commit = true
                }
                build {
                  sources = ["source.docker.a"]
                }
                """);
        Session session = new Session(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Map.of("HOME", dir.toString()), dir, false);

        assertThat(KilnCli.run(session, new String[] {"build", "-color=true", "t.pkr.hcl"})).isOne();
        assertThat(err()).isEqualTo("""
                \u001b[31mError\u001b[0m: Unsupported attribute

                  on t.pkr.hcl line 2, in source "docker" "a":
                   2:   image  = var\u001b[1;4m.y\u001b[0m

                This object does not have an attribute named "y".


                """);
    }

    @Test
    void machineReadableOutputKeepsOneLinePerProblem() throws IOException {
        int exit = validate("t.pkr.hcl", """
                source "docker" "a" {
                  image  = var.y
                  commit = nope(1)
                }
                build {
                  sources = ["source.docker.a"]
                }
                """, "-machine-readable");

        assertThat(exit).isOne();
        String[] fields = out.toString(StandardCharsets.UTF_8).replace(dir + "/", "").strip().split(",", 5);
        assertThat(fields[1]).isEmpty();
        assertThat(fields[2] + "," + fields[3]).isEqualTo("ui,error");
        assertThat(fields[4]).isEqualTo("Error: template 't.pkr.hcl' has 2 problems:\\n"
                + "t.pkr.hcl:2:15: source.docker.a: Unsupported attribute: This object does not have an attribute"
                + " named \"y\".\\n"
                + "t.pkr.hcl:3:12: source.docker.a: Call to unknown function: There is no function named \"nope\".");
    }

    @Test
    void jsonTemplatesKeepTheirOneLineProblems() throws IOException {
        int exit = validate("t.json", """
                {"builders": [{"type": "docker", "image": "x", "commit": true, "bogus": 1}]}
                """);

        assertThat(exit).isOne();
        assertThat(err()).startsWith("Error: template 't.json' has 1 problem:\n  t.json:1:");
        assertThat(err()).doesNotContain("\n\n");
    }

    @Test
    void aSensitiveValueIsMaskedInTheSourceLineToo() throws IOException {
        int exit = validate("t.pkr.hcl", """
                variable "pw" {
                  type      = string
                  default   = "s3cret-value"
                  sensitive = true
                }
                source "docker" "a" {
                  image  = "alpine"
                  commit = true
                }
                build {
                  sources = ["source.docker.a"]
                  provisioner "shell" {
                    inline = ["s3cret-value ${var.pw + 1}"]
                  }
                }
                """);

        assertThat(exit).isOne();
        assertThat(err()).contains("Error: Invalid operand", "  on t.pkr.hcl line 13, in build:")
                .doesNotContain("s3cret-value");
    }
}
