package io.ciosync.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

class JsonTextTest {

    private final JsonText text = new JsonText();

    @Test
    void writesEveryParsedTreeExactlyAsJacksonDoes() throws Exception {
        ObjectMapper json = new ObjectMapper();
        for (String doc : new String[] {
            "{\"a\":1,\"b\":-2.5e-7,\"c\":12345678901234567890123,\"d\":9007199254740993,\"e\":true,\"f\":null}",
            "{\"s\":\"quote \\\" backslash \\\\ tab \\t nul \\u0000 ü € 😀 </script>\",\"empty\":\"\"}",
            "{\"nested\":{\"list\":[1,[2,{}],[],{\"x\":false}],\"o\":{}},\"k\\\"ey\":0.1}",
            "[1.0,1e300,-0.0,123456789012,\"x\"]",
            "\"just a string\"",
            "42",
            "{}",
            "{\"😀 key\":\"" + "a".repeat(999) + "😀" + "b".repeat(3000) + "😀\"}"
        }) { // pairs at buffer edges
            JsonNode tree = json.readTree(doc);
            assertThat(text.of(tree)).isEqualTo(tree.toString().getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void writesBuiltNumbersOfEveryKindAsJacksonDoes() {
        ObjectNode node = JsonNodeFactory.instance
                .objectNode()
                .put("int", 7)
                .put("long", 1L << 40)
                .put("float", 1.1f)
                .put("double", 1.1)
                .put("bigInt", new BigInteger("123456789012345678901234567890"))
                .put("decimal", new BigDecimal("1.50E+3"));
        assertThat(text.of(node)).isEqualTo(node.toString().getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void reusedWriterStartsAfreshEachTime() {
        ObjectNode first = JsonNodeFactory.instance.objectNode().put("a", "long value to leave in the buffer");
        ObjectNode second = JsonNodeFactory.instance.objectNode().put("b", 2);
        assertThat(new String(text.of(first), StandardCharsets.UTF_8))
                .isEqualTo("{\"a\":\"long value to leave in the buffer\"}");
        assertThat(new String(text.of(second), StandardCharsets.UTF_8)).isEqualTo("{\"b\":2}");
        assertThat(new String(text.of(first), StandardCharsets.UTF_8)).isEqualTo(first.toString());
    }

    @Test
    void aLoneSurrogateIsWrittenAsItsEscapeNotReplaced() throws Exception {
        JsonNode tree = new ObjectMapper().readTree("{\"s\":\"a\\ud800b\"}"); // valid JSON, not valid Unicode

        assertThat(new String(text.of(tree), StandardCharsets.UTF_8)).isEqualTo("{\"s\":\"a\\uD800b\"}");
    }
}
