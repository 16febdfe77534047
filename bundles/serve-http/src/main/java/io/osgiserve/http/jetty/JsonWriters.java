package io.osgiserve.http.jetty;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.PrettyPrinter;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.io.IOException;

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
    public static final ObjectWriter PYTHON_STYLE =
            new ObjectMapper().writer(new PythonDumpsPrinter()).with(JsonWriteFeature.ESCAPE_NON_ASCII);

    private JsonWriters() {}

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
