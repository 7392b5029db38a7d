package dev.esfunctions.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.elasticsearch.client.Request;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import dev.esfunctions.EsFunctionsConfig;
import dev.esfunctions.cluster.ElasticsearchGateway;
import dev.esfunctions.cluster.Endpoints;
import dev.esfunctions.errors.ClusterFailure;
import dev.esfunctions.errors.FunctionException;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * Which indices a request may touch. Before any request reaches the cluster, an expression must be one Elasticsearch
 * accepts ({@link IndexExpression}) and each of its names inside the configured allowlist; writes never reach a
 * system index, a pattern or a list. Where a list is narrower than {@code *}, what the cluster resolves the
 * expression to is checked too (an alias or a data stream can reach other indices; date math names one only the
 * cluster knows), and every hit's index as it is returned.
 */
@ApplicationScoped
public class IndexPolicy {

    /** What the cluster resolves a name that does not exist to: nothing. */
    private static final JsonNode MISSING = JsonNodeFactory.instance.objectNode();

    private final Allowlist read;
    private final Allowlist write;
    private final ElasticsearchGateway gateway;

    @Inject
    IndexPolicy(EsFunctionsConfig config, ElasticsearchGateway gateway) {
        this(config.indices().read(), config.indices().write(), gateway);
    }

    IndexPolicy(List<String> read, List<String> write, ElasticsearchGateway gateway) {
        this.read = new Allowlist(read, "read", "es-functions.indices.read");
        this.write = new Allowlist(write, "write", "es-functions.indices.write");
        this.gateway = gateway;
    }

    /** A search expression: each name or pattern of the list must lie inside a read pattern (exclusions aside). */
    public String readable(String field, String expression) {
        IndexExpression parsed = IndexExpression.readable(field, expression);
        parsed.parts().forEach(part -> read.require(field, part));
        return expression;
    }

    /** One concrete index (or alias) to write to. */
    public String writable(String field, String name) {
        IndexExpression.Part part = IndexExpression.writable(field, name).parts().get(0);
        if (name.startsWith(".")) {
            throw new FunctionException(403, "index_not_allowed", "field '" + field + "': '" + name
                    + "' is a system index (its name starts with '.'), and the functions never write to one");
        }
        write.require(field, part);
        return name;
    }

    /** Whether the read allowlist is {@code *}: then no read needs the cluster's resolution, and cursors may be unsigned. */
    public boolean readsEverything() {
        return read.everything();
    }

    /**
     * The read expression as the cluster resolves it, when the read allowlist is narrower than {@code *}: every
     * index it reaches, through an alias or not, and every data stream must be readable. A name that does not exist
     * reaches nothing (a write creates it).
     */
    public Uni<Void> confirmReadable(String field, String expression) {
        return confirm(read, field, IndexExpression.readable(field, expression));
    }

    /**
     * Every index that {@code json} (the query, or the aggregations, at {@code field}) reads besides the one it is
     * sent to (a terms lookup, {@code more_like_this} documents, an indexed shape, a percolated document): each must
     * be readable as the target is, checked now and, where the read allowlist is narrower than {@code *}, as the
     * cluster resolves it. A construct that hides what it reads is refused ({@link QueryIndices}). The names are
     * checked when this is called, the resolving when the {@code Uni} runs: call it before anything is sent, so that
     * a name the allowlists refuse costs no request.
     */
    public Uni<Void> confirmQueryReadable(String field, JsonNode json) {
        List<QueryIndices.Reference> references = QueryIndices.of(field, json);
        references.forEach(reference -> readable(reference.path(), reference.index()));
        return Multi.createFrom().iterable(references)
                .onItem().transformToUniAndConcatenate(reference -> confirmReadable(reference.path(), reference.index()))
                .collect().last().replaceWithVoid();
    }

    /** The same for the index (or alias, or date math) a write goes to. */
    public Uni<Void> confirmWritable(String field, String name) {
        return confirm(write, field, IndexExpression.writable(field, name));
    }

    /**
     * Whether a hit of index {@code index} ({@code cluster:index} when remote) may be returned: a data stream's
     * backing index may be when its stream may.
     */
    public boolean mayRead(String index) {
        return read.allows(index);
    }

    /** Whether documents of {@code index} may be written (deleted by query, say). */
    public boolean mayWrite(String index) {
        return write.allows(index);
    }

    private Uni<Void> confirm(Allowlist list, String field, IndexExpression expression) {
        String local = expression.parts().stream().filter(part -> part.cluster() == null)
                .map(IndexExpression.Part::text).collect(Collectors.joining(","));
        if (list.everything() || local.isEmpty() || local.startsWith("-")) {
            return Uni.createFrom().voidItem();
        }
        Request request = new Request("GET", Endpoints.ofApi("_resolve/index", local));
        request.addParameter("expand_wildcards", "open");
        return gateway.perform(request).onFailure(IndexPolicy::isMissingIndex).recoverWithItem(MISSING)
                .invoke(resolved -> requireResolved(list, field, expression.text(), resolved)).replaceWithVoid();
    }

    /** Every index the expression reaches, directly or through an alias, and every data stream, must be allowed. */
    private static void requireResolved(Allowlist list, String field, String expression, JsonNode resolved) {
        for (JsonNode index : resolved.path("indices")) {
            list.requireResolved(field, expression, index.path("name").asText());
        }
        for (JsonNode alias : resolved.path("aliases")) {
            for (JsonNode index : alias.path("indices")) {
                list.requireResolved(field, expression, index.asText());
            }
        }
        for (JsonNode dataStream : resolved.path("data_streams")) {
            list.requireResolved(field, expression, dataStream.path("name").asText());
        }
    }

    private static boolean isMissingIndex(Throwable failure) {
        return failure instanceof ClusterFailure missing && missing.kind() == ClusterFailure.Kind.ANSWERED
                && missing.status() == 404 && missing.type().equals("index_not_found_exception");
    }

    /**
     * Index patterns, {@code [cluster:]name} with {@code *} for any characters but {@code :} and {@code ,}. A name on
     * a remote cluster lies only inside a pattern that names a cluster; a system index (a name starting with '.')
     * only inside a pattern starting with '.'.
     */
    private static final class Allowlist {
        private static final int MAX_REMEMBERED = 10_000;

        private final List<String> patterns;
        private final List<Pattern> local = new ArrayList<>();
        private final List<Pattern> remote = new ArrayList<>();
        private final List<Boolean> system = new ArrayList<>();
        private final String access;
        private final String setting;
        private final boolean everything;
        private final Map<String, Boolean> decided = new ConcurrentHashMap<>();

        Allowlist(List<String> patterns, String access, String setting) {
            this.patterns = List.copyOf(patterns);
            this.access = access;
            this.setting = setting;
            for (String pattern : patterns) {
                int colon = pattern.indexOf(':');
                (colon < 0 ? local : remote).add(compile(pattern));
                system.add(colon < 0 && pattern.startsWith("."));
            }
            this.everything = patterns.contains("*");
        }

        boolean everything() {
            return everything;
        }

        /**
         * A name, or a pattern taken as the literal text it is, lies inside a pattern that matches it: each of its
         * wildcards is then taken up by one of the pattern's. Date math is held as the pattern of the names it can
         * resolve to.
         */
        void require(String field, IndexExpression.Part part) {
            if (part.exclusion()) {
                return;
            }
            if (!allows(part.pattern())) {
                throw refused(field, part.text(), part.cluster() == null ? ""
                        : " (a remote cluster's index is allowed only by a pattern that names the cluster)");
            }
        }

        void requireResolved(String field, String expression, String index) {
            if (!allows(index)) {
                throw refused(field, expression, " (the cluster resolves it to '" + index + "')");
            }
        }

        /** Whether {@code name} (or, for a data stream's backing index, its stream) lies inside a pattern. */
        boolean allows(String index) {
            String name = DataStreams.streamOf(index);
            if (everything && name.indexOf(':') < 0 && !name.startsWith(".")) {
                return true;
            }
            // Names come from callers: remember a bounded number of decisions.
            Boolean known = decided.get(name);
            if (known != null) {
                return known;
            }
            boolean allowed = matches(name);
            if (decided.size() < MAX_REMEMBERED) {
                decided.put(name, allowed);
            }
            return allowed;
        }

        private boolean matches(String name) {
            if (name.indexOf(':') >= 0) {
                return remote.stream().anyMatch(pattern -> pattern.matcher(name).matches());
            }
            int i = 0;
            for (int p = 0; p < patterns.size(); p++) {
                if (patterns.get(p).indexOf(':') >= 0) {
                    continue;
                }
                if ((!name.startsWith(".") || system.get(p)) && local.get(i).matcher(name).matches()) {
                    return true;
                }
                i++;
            }
            return false;
        }

        private FunctionException refused(String field, String name, String why) {
            return new FunctionException(403, "index_not_allowed", "field '" + field + "': '" + name + "' is outside "
                    + "the indices this deployment may " + access + why + ": " + patterns + " (" + setting + ")");
        }

        private static Pattern compile(String pattern) {
            return Pattern.compile(Pattern.quote(pattern).replace("*", "\\E[^:,]*\\Q"));
        }
    }
}
