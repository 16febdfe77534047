package io.osgiserve.http.jetty;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.PrettyPrinter;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.math.BigDecimal;

/** The two ways this bundle writes JSON; both writers are immutable and shared by every request. */
public final class JsonWriters {

    /**
     * Compact, as Ray's HTTP proxy answers ({@code [1,2]}, {@code {"a":1}}): the ingress's results and
     * errors.
     */
    public static final ObjectWriter COMPACT = new ObjectMapper().writer();

    /**
     * As Python's {@code json.dumps} writes by default ({@code {"a": 1, "b": [1, 2]}}, non-ASCII
     * escaped): the agent's documents come out byte for byte as Ray's agent writes them.
     */
    public static final ObjectWriter PYTHON_STYLE = new ObjectMapper()
            .registerModule(new SimpleModule("python-floats")
                    .addSerializer(Double.class, new PythonFloat())
                    .addSerializer(Float.class, new PythonFloat()))
            .writer(new PythonDumpsPrinter())
            .with(JsonWriteFeature.ESCAPE_NON_ASCII);

    private JsonWriters() {}

    /**
     * A float as Python's {@code repr} writes it: positional between 1e-4 and 1e16
     * ({@code 1700000000.5}, where Java would write {@code 1.7000000005E9}), else {@code 1e-05} style.
     */
    static String pythonFloat(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "Infinity" : "-Infinity";
        }
        if (value == 0) {
            return 1 / value < 0 ? "-0.0" : "0.0";
        }
        double magnitude = Math.abs(value);
        if (magnitude >= 1e-4 && magnitude < 1e16) {
            String plain = new BigDecimal(Double.toString(value)).stripTrailingZeros().toPlainString();
            return plain.indexOf('.') < 0 ? plain + ".0" : plain;
        }
        BigDecimal exact = new BigDecimal(Double.toString(value)).stripTrailingZeros();
        int exponent = exact.precision() - exact.scale() - 1;
        String digits = exact.unscaledValue().abs().toString();
        String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        String sign = value < 0 ? "-" : "";
        String exponentDigits = String.format("%02d", Math.abs(exponent));
        return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + exponentDigits;
    }

    private static final class PythonFloat extends StdSerializer<Number> {
        private static final long serialVersionUID = 1L;

        PythonFloat() {
            super(Number.class);
        }

        @Override
        public void serialize(Number value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            // A float's own shortest digits, not those of its widening to double.
            double exact = value instanceof Float single ? Double.parseDouble(single.toString()) : value.doubleValue();
            gen.writeNumber(pythonFloat(exact));
        }
    }

    /** Stateless, so one instance serves every generator. */
    private static final class PythonDumpsPrinter implements PrettyPrinter {
        @Override
        public void writeRootValueSeparator(JsonGenerator gen) throws IOException {
            gen.writeRaw(' ');
        }

        @Override
        public void writeStartObject(JsonGenerator gen) throws IOException {
            gen.writeRaw('{');
        }

        @Override
        public void beforeObjectEntries(JsonGenerator gen) {}

        @Override
        public void writeObjectFieldValueSeparator(JsonGenerator gen) throws IOException {
            gen.writeRaw(": ");
        }

        @Override
        public void writeObjectEntrySeparator(JsonGenerator gen) throws IOException {
            gen.writeRaw(", ");
        }

        @Override
        public void writeEndObject(JsonGenerator gen, int entries) throws IOException {
            gen.writeRaw('}');
        }

        @Override
        public void writeStartArray(JsonGenerator gen) throws IOException {
            gen.writeRaw('[');
        }

        @Override
        public void beforeArrayValues(JsonGenerator gen) {}

        @Override
        public void writeArrayValueSeparator(JsonGenerator gen) throws IOException {
            gen.writeRaw(", ");
        }

        @Override
        public void writeEndArray(JsonGenerator gen, int values) throws IOException {
            gen.writeRaw(']');
        }
    }
}
