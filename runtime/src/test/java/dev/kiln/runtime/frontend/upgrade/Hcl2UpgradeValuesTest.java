package dev.kiln.runtime.frontend.upgrade;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kiln.runtime.frontend.hcl.syntax.Attribute;
import dev.kiln.runtime.frontend.hcl.syntax.Block;
import dev.kiln.runtime.frontend.hcl.syntax.Body;
import dev.kiln.runtime.frontend.hcl.syntax.HclParser;
import dev.kiln.runtime.frontend.hcl.syntax.ParseResult;
import dev.kiln.runtime.frontend.json.TemplateParser;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Values come out of the upgrade as the JSON had them: HCL literals that mean the same strings, numbers and trees. */
class Hcl2UpgradeValuesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** JSON values, one per line; each goes through a provisioner's {@code override} (always an attribute). */
    @ParameterizedTest
    @ValueSource(strings = {
        "\"plain\"", "\"\"", "\"say \\\"hi\\\"\"", "\"back\\\\slash \\\\n not a newline\"", "\"C:\\\\Windows\\\\\"",
        "\"${HOME} and $${x} and $$${y} and $\"", "\"%{ if x } and %%{y} and 100%\"", "\"{ braces } $ { x }\"",
        "\"line1\\nline2\\r\\n\\ttab\"", "\"\\u0000 \\u0001 \\u001f \\u007f\"",
        "\"caf\\u00e9 \\u2603 \\ud834\\udd1e 日本\"",
        "\"\\u2028 \\u00a0 zero\\u200bwidth\"", "\"ends with backslash \\\\\"", "\"\\\"${\\\"\"",
        "0", "-1", "42", "2.5", "-0.125", "1e3", "1E-7", "12345678901234567890", "123456789012345678901234567890.5",
        "true", "false", "null",
        "[]", "{}", "[1, \"two\", true, null]", "[[1, [2, [3]]], []]", "{\"a\": {\"b\": {\"c\": [1, {\"d\": \"e\"}]}}}",
        "{\"quoted key\": 1, \"${k}\": 2, \"k-1\": 3, \"1k\": 4, \"\": 5, \"é\": 6}",
        "[{\"a\": 1}, {\"b\": [\"x\", \"${y}\"]}]", "{\"list\": [], \"map\": {}, \"nil\": null}"})
    void aValueRoundTrips(String json) throws Exception {
        String template = "{\"builders\": [{\"type\": \"docker\", \"name\": \"b\", \"image\": \"alpine\"}],"
                + " \"provisioners\": [{\"type\": \"shell\", \"override\": {\"b\": {\"x\": " + json + "}}}]}";

        Body provisioner = provisioner(upgrade(template));
        Attribute override = provisioner.attribute("override");

        @SuppressWarnings("unchecked")
        Map<String, Object> perSource = (Map<String, Object>) HclLiterals.value(override.expression());
        @SuppressWarnings("unchecked")
        Object value = ((Map<String, Object>) perSource.get("b")).get("x");
        assertThat(value).isEqualTo(HclLiterals.value(JSON.readTree(json)));
    }

    /** The same values as settings: scalars and lists stay attributes; a map of scalars stays a map. */
    @ParameterizedTest
    @ValueSource(strings = {"\"say \\\"hi\\\" ${x} %{y}\\n\"", "-2.5", "true", "[\"a\", \"b\"]", "[]", "{}",
        "{\"/host\": \"/data\", \"k\": \"v\"}", "[1, [2, 3]]", "{\"with space\": {\"inner\": 1}}"})
    void aSettingRoundTrips(String json) throws Exception {
        String template = "{\"builders\": [{\"type\": \"docker\", \"image\": \"alpine\", \"x\": " + json + "}]}";

        Body source = upgrade(template).blocks("source").get(0).body();

        assertThat(HclLiterals.value(source.attribute("x").expression()))
                .isEqualTo(HclLiterals.value(JSON.readTree(json)));
    }

    /** A variable's default keeps its string, whatever it holds. */
    @ParameterizedTest
    @ValueSource(strings = {"\"\"", "\"a \\\"b\\\" \\\\ ${c} %{d} \\n\\t é 𝄞\"", "\"$${not} $$\""})
    void aDefaultRoundTrips(String json) throws Exception {
        String template = "{\"variables\": {\"v\": " + json + "}, \"builders\": [{\"type\": \"docker\"}]}";

        Body variable = upgrade(template).blocks("variable").get(0).body();

        assertThat(HclLiterals.value(variable.attribute("default").expression())).isEqualTo(JSON.readTree(json)
                .textValue());
    }

    private static Body provisioner(Body file) {
        Block build = file.blocks("build").get(0);
        return build.body().blocks("provisioner").get(0).body();
    }

    private static Body upgrade(String template) {
        String hcl = Hcl2Upgrade.convert(new TemplateParser().parse(Path.of("t.json"), template));
        ParseResult parsed = HclParser.parseFile("t.pkr.hcl", hcl);
        assertThat(parsed.diagnostics()).as(hcl).isEmpty();
        return parsed.body();
    }

    static JsonNode tree(String json) throws Exception {
        return JSON.readTree(json);
    }
}
