package dev.kiln.runtime.frontend.hcl.function;

import static dev.kiln.runtime.frontend.hcl.value.HclType.STRING;

import java.util.List;
import java.util.Map;

/**
 * Packer's functions that read secrets over the network: {@code aws_secretsmanager(name, key)},
 * {@code aws_secretsmanager_raw(name)}, {@code consul_key(key)}, {@code vault(path, key)}. Kiln does not reach those
 * services: each call, with arguments of the right number and types, fails naming the function and saying what to do
 * instead, rather than being an unknown function.
 */
final class NetworkFunctions {
    private NetworkFunctions() {
    }

    static void register(Map<String, HclFunction> t) {
        add(t, "aws_secretsmanager", "AWS Secrets Manager", List.of("name", "key"));
        add(t, "aws_secretsmanager_raw", "AWS Secrets Manager", List.of("name"));
        add(t, "consul_key", "Consul", List.of("key"));
        add(t, "vault", "HashiCorp Vault", List.of("path", "key"));
    }

    private static void add(Map<String, HclFunction> t, String name, String service, List<String> params) {
        HclFunction.Builder b = HclFunction.builder(name).returns(STRING);
        params.forEach(p -> b.param(p, STRING));
        HclFunction f = b.impl(a -> {
            throw new FunctionException("\"" + name + "\" reads from " + service + " over the network, which Kiln"
                    + " does not support; pass the value with -var, a var file or a PKR_VAR_ environment variable"
                    + " instead");
        }).build();
        t.put(f.name(), f);
    }
}
