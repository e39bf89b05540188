package dev.kiln.runtime.frontend.hcl.function;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.runtime.frontend.hcl.value.HclValue;
import java.time.Clock;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * {@code bcrypt}: its output is salted, so each case recomputes a known hash from its password and the hash's own
 * salt. The first hashes were made by Packer 1.6.6 ({@code bcrypt(...)} in {@code packer console}); the others are
 * the OpenBSD test vectors other bcrypt implementations test with.
 */
class BcryptTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '\'', textBlock = """
            abc                  | $2a$10$deGO8LGkIsTcMiocL/AMKOpzhHajL6siVGd0yyqVzYqT1PX26fpaW
            hunter2              | $2a$10$16kaeAneDsxBFeNOrSiAWO/B4trDsw8U1VTilSxnXpYLxw0lL4aMK
            ''                   | $2a$04$qn/ckggUaAEnKAkwiWix2u2rEhZdArz6qKpORAChCQZcWa5CD3WiK
            Kiln-bcrypt-ü€       | $2a$05$azbmIkf2msxElYXRpQcWy.VcEwGfb1dcHZJNUKW1iGa4fcX0I.8Nu
            ''                   | $2a$06$DCq7YPn5Rq63x1Lad4cll.TV4S6ytwfsfvkgY8jIucDrjc8deX1s.
            a                    | $2a$06$m0CrhHm10qJ3lXRY.5zDGO3rS2KdeeWLuGmsfGlMfOxih58VYVfxe
            abc                  | $2a$06$If6bvum7DFjUnE9p2uDeDu0YHzrHM6tf.iqN8.yx.jNN1ILEf7h0i
            abcdefghijklmnopqrstuvwxyz | $2a$06$.rCVZVOThsIa97pEDOxvGuRRgzG64bvtJ0938xuqzv18d3ZpQhstC
            ~!@#$%^&*()      ~!@#$%^&*()PNBFRD | $2a$06$fPIsBO8qRqkjj273rfaOI.HtSV9jLDpTbZn782DC6/t7qT67P6FfO
            """)
    void recomputesKnownHashesFromTheirSalt(String password, String hash) {
        int cost = Integer.parseInt(hash.substring(4, 6));
        assertThat(Bcrypt.hash(password, cost, Bcrypt.salt(hash))).isEqualTo(hash);
    }

    /** Packer 1.6.6 made this hash of a 75-character password: the bytes after the 72nd do not count. */
    @Test
    void onlyTheFirst72BytesCountWithTheTerminatingNul() {
        String packers = "$2a$04$PaRNp1rrFGVxPz9Ncuwv4exBVBt4P116KBRRv661pnWsDAq1D0/M.";
        String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        assertThat(Bcrypt.hash(alphabet + alphabet + "XYZ", 4, Bcrypt.salt(packers))).isEqualTo(packers);
        assertThat(Bcrypt.hash(alphabet + alphabet, 4, Bcrypt.salt(packers))).isEqualTo(packers);
        byte[] salt = Bcrypt.salt("$2a$04$PaRNp1rrFGVxPz9Ncuwv4exBVBt4P116KBRRv661pnWsDAq1D0/M.");
        String seventyTwo = "x".repeat(72);
        assertThat(Bcrypt.hash(seventyTwo + "more", 4, salt)).isEqualTo(Bcrypt.hash(seventyTwo, 4, salt));
        assertThat(Bcrypt.hash("x".repeat(71), 4, salt)).isNotEqualTo(Bcrypt.hash(seventyTwo, 4, salt));
    }

    @Test
    void blowfishsTablesArePisDigits() {
        assertThat(Bcrypt.Tables.P[0]).isEqualTo(0x243f6a88);
        assertThat(Bcrypt.Tables.P[17]).isEqualTo(0x8979fb1b);
        assertThat(Bcrypt.Tables.S[0]).isEqualTo(0xd1310ba6);
        assertThat(Bcrypt.Tables.S[1023]).isEqualTo(0x3ac372e6);
    }

    @Test
    void theFunctionSaltsEachCallAndTakesPackersCosts() {
        Map<String, HclFunction> table = HclFunctions.packer(Path.of("."), Clock.systemUTC());
        String a = call(table, HclValue.string("pw"));
        String b = call(table, HclValue.string("pw"));
        assertThat(a).matches("\\$2a\\$10\\$[./A-Za-z0-9]{53}").isNotEqualTo(b);
        assertThat(Bcrypt.hash("pw", 10, Bcrypt.salt(a))).isEqualTo(a);
        assertThat(call(table, HclValue.string("pw"), HclValue.string("5"))).startsWith("$2a$05$");
        assertThat(call(table, HclValue.string("pw"), HclValue.number(3))).startsWith("$2a$10$");
        assertThat(call(table, HclValue.string("pw"), HclValue.number(-1))).startsWith("$2a$10$");
    }

    private static String call(Map<String, HclFunction> table, HclValue... args) {
        return HclFunctions.call(table, "bcrypt", List.of(args)).asString();
    }
}
