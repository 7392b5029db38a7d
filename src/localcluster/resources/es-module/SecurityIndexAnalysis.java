package dev.esfunctions.esmodule;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.email.UAX29URLEmailTokenizer;
import org.apache.lucene.analysis.miscellaneous.RemoveDuplicatesTokenFilter;
import org.apache.lucene.analysis.pattern.PatternCaptureGroupTokenFilter;
import org.elasticsearch.index.analysis.TokenFilterFactory;
import org.elasticsearch.index.analysis.TokenizerFactory;
import org.elasticsearch.indices.analysis.AnalysisModule.AnalysisProvider;
import org.elasticsearch.plugins.AnalysisPlugin;
import org.elasticsearch.plugins.Plugin;

/**
 * The three analysis components of the {@code .security} index's {@code email} analyzer, which the minimal
 * distribution lacks (they live in its analysis-common module): without them the node cannot create the index that
 * holds API keys. Built here from Lucene's own classes, which the distribution ships, so that the local secured node
 * issues real API keys. Compiled and installed as a module by {@code LocalElasticsearch}; never part of the product.
 */
public class SecurityIndexAnalysis extends Plugin implements AnalysisPlugin {

    @Override
    public Map<String, AnalysisProvider<TokenFilterFactory>> getTokenFilters() {
        return Map.of(
                "pattern_capture", (indexSettings, environment, name, settings) -> {
                    List<String> patterns = settings.getAsList("patterns");
                    boolean preserveOriginal = settings.getAsBoolean("preserve_original", true);
                    Pattern[] compiled = patterns.stream().map(Pattern::compile).toArray(Pattern[]::new);
                    return filter(name, stream -> new PatternCaptureGroupTokenFilter(stream, preserveOriginal, compiled));
                },
                // Elasticsearch's unique filter drops a token seen anywhere before; Lucene's drops one seen at the
                // same position. The difference only matters to searches by e-mail address, which no test makes.
                "unique", (indexSettings, environment, name, settings) -> filter(name, RemoveDuplicatesTokenFilter::new));
    }

    @Override
    public Map<String, AnalysisProvider<TokenizerFactory>> getTokenizers() {
        return Map.of("uax_url_email", (indexSettings, environment, name, settings) ->
                TokenizerFactory.newFactory(name, UAX29URLEmailTokenizer::new));
    }

    private static TokenFilterFactory filter(String name, java.util.function.UnaryOperator<TokenStream> filter) {
        return new TokenFilterFactory() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public TokenStream create(TokenStream stream) {
                return filter.apply(stream);
            }
        };
    }
}
