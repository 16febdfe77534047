package io.osgiserve.cli.verbs;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.ObjectCodec;
import com.fasterxml.jackson.core.io.IOContext;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.util.StringQuotingChecker;
import java.io.IOException;
import java.io.Writer;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.events.ScalarEvent;

/**
 * Block-style YAML the way Ray's CLI prints it: no {@code ---}, keys in the order given, strings
 * unquoted unless they would read back as something else, and then in single quotes ({@code message: ''}).
 */
public final class YamlText {
    private static final ObjectMapper YAML = new ObjectMapper(new SeedStyleFactory())
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);

    private YamlText() {
    }

    /** {@code value} (maps, lists, JSON scalars) as YAML, ending with a newline. */
    public static String of(Object value) {
        try {
            return YAML.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write as YAML: " + e.getOriginalMessage(), e);
        }
    }

    private static final class SeedStyleFactory extends YAMLFactory {
        private static final long serialVersionUID = 1L;

        SeedStyleFactory() {
            disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER);
            disable(YAMLGenerator.Feature.SPLIT_LINES);
            enable(YAMLGenerator.Feature.MINIMIZE_QUOTES);
            enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS);
        }

        @Override
        protected YAMLGenerator _createGenerator(Writer out, IOContext context) throws IOException {
            return new SingleQuotingGenerator(context, _generatorFeatures, _yamlGeneratorFeatures,
                    _quotingChecker, _objectCodec, out, _version);
        }
    }

    /** Quotes with {@code '} where nothing needs escaping, as PyYAML does; {@code "} otherwise. */
    private static final class SingleQuotingGenerator extends YAMLGenerator {
        SingleQuotingGenerator(IOContext context, int features, int yamlFeatures, StringQuotingChecker checker,
                ObjectCodec codec, Writer out, DumperOptions.Version version) throws IOException {
            super(context, features, yamlFeatures, checker, codec, out, version);
        }

        @Override
        protected ScalarEvent _scalarEvent(String value, DumperOptions.ScalarStyle style) {
            if (style == DumperOptions.ScalarStyle.DOUBLE_QUOTED && printable(value)) {
                style = DumperOptions.ScalarStyle.SINGLE_QUOTED;
            }
            return super._scalarEvent(value, style);
        }

        private static boolean printable(String value) {
            return value.chars().allMatch(c -> c >= 0x20 && c != 0x7f);
        }
    }
}
