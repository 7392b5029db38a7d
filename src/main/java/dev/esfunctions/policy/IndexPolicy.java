package dev.esfunctions.policy;

import java.util.List;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.esfunctions.EsFunctionsConfig;
import dev.esfunctions.errors.FunctionException;

/**
 * Which indices a request may touch, decided before any request reaches the cluster: the name must be one
 * Elasticsearch accepts ({@link IndexNames}), and inside the configured allowlist. Writes never reach a system
 * index, {@code _all} or a wildcard.
 */
@ApplicationScoped
public class IndexPolicy {

    private final Allowlist read;
    private final Allowlist write;

    @Inject
    IndexPolicy(EsFunctionsConfig config) {
        this(config.indices().read(), config.indices().write());
    }

    IndexPolicy(List<String> read, List<String> write) {
        this.read = new Allowlist(read, "read", "es-functions.indices.read");
        this.write = new Allowlist(write, "write", "es-functions.indices.write");
    }

    /** A search expression: each name or pattern of the list must lie inside a read pattern (exclusions aside). */
    public String readable(String field, String expression) {
        IndexNames.requireSearchable(field, expression);
        String[] parts = expression.equals("_all") ? new String[] { "*" } : expression.split(",");
        for (int i = 0; i < parts.length; i++) {
            if (i == 0 || !parts[i].startsWith("-")) {
                read.require(field, parts[i]);
            }
        }
        return expression;
    }

    /** One concrete index to write to. */
    public String writable(String field, String name) {
        IndexNames.requireConcrete(field, name);
        if (name.startsWith(".")) {
            throw new FunctionException(403, "index_not_allowed", "field '" + field + "': '" + name
                    + "' is a system index (its name starts with '.'), and the functions never write to one");
        }
        write.require(field, name);
        return name;
    }

    private static final class Allowlist {
        private final List<String> patterns;
        private final List<Pattern> compiled;
        private final String access;
        private final String setting;

        Allowlist(List<String> patterns, String access, String setting) {
            this.patterns = List.copyOf(patterns);
            this.compiled = patterns.stream()
                    .map(p -> Pattern.compile(Pattern.quote(p).replace("*", "\\E.*\\Q"))).toList();
            this.access = access;
            this.setting = setting;
        }

        /**
         * A name, or a pattern taken as the literal text it is, lies inside a pattern that matches it; '.' names
         * only inside '.' patterns.
         */
        void require(String field, String name) {
            for (int i = 0; i < compiled.size(); i++) {
                if ((!name.startsWith(".") || patterns.get(i).startsWith(".")) && compiled.get(i).matcher(name).matches()) {
                    return;
                }
            }
            throw new FunctionException(403, "index_not_allowed", "field '" + field + "': '" + name
                    + "' is outside the indices this deployment may " + access + ": " + patterns + " (" + setting + ")");
        }
    }
}
