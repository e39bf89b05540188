package dev.kiln.plugin.shell;

import java.util.List;

/** Builds a {@link ShellProvisionerConfig} field by field for tests; what is left unset takes Packer's default. */
final class ConfigBuilder {
    List<String> inline;
    String inlineShebang;
    String script;
    List<String> scripts;
    List<String> environmentVars;
    String envVarFormat;
    String executeCommand;
    String remoteFolder;
    String remoteFile;
    String remotePath;
    List<Integer> validExitCodes;
    boolean expectDisconnect;
    boolean skipClean;
    boolean binary;
    java.time.Duration pauseAfter;
    boolean useEnvVarFile;

    static ConfigBuilder inline(String... lines) {
        ConfigBuilder c = new ConfigBuilder();
        c.inline = List.of(lines);
        return c;
    }

    ShellProvisionerConfig build() {
        return new ShellProvisionerConfig(inline, inlineShebang, script, scripts, environmentVars, envVarFormat,
                executeCommand, remoteFolder, remoteFile, remotePath, validExitCodes, expectDisconnect, skipClean,
                binary, pauseAfter, useEnvVarFile);
    }
}
