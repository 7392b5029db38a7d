package dev.esfunctions.functions;

import jakarta.enterprise.context.ApplicationScoped;

import dev.esfunctions.EsFunctionsConfig;
import dev.esfunctions.bulk.DeadLetters;
import dev.esfunctions.errors.FunctionException;
import dev.esfunctions.observability.RequestIds;
import dev.esfunctions.observability.Tracing;
import dev.esfunctions.policy.IndexPolicy;
import io.smallrye.mutiny.Uni;

/**
 * The dead-letter index of an upsert or a copy: the request's {@code deadLetterIndex}, else the deployment's
 * {@code es-functions.dead-letter.index}, checked as any index written to (a name Elasticsearch accepts, inside the
 * write allowlist) before anything is written; and what its dead letters say of the call.
 */
@ApplicationScoped
class DeadLetterIndexes {

    private static final String FIELD = "deadLetterIndex";
    private static final String SETTING = "es-functions.dead-letter.index";

    private final IndexPolicy indices;
    private final EsFunctionsConfig config;

    DeadLetterIndexes(IndexPolicy indices, EsFunctionsConfig config) {
        this.indices = indices;
        this.config = config;
    }

    /**
     * Where {@code function}'s documents refused for good go when it writes to {@code target}, or null for nowhere.
     * Read while the call's pipeline is assembled, where its request id (and trace, when one is recorded) is the
     * thread's.
     */
    DeadLetters of(String requested, String function, String target) {
        String field = field(requested);
        String index = requested != null ? requested : config.deadLetter().index().orElse(null);
        if (index == null) {
            return null;
        }
        indices.writable(field, index);
        if (index.equals(target)) {
            throw FunctionException.invalidField(field, "'" + index + "' is the index the documents are written to: "
                    + "name an index of its own for the documents it refuses");
        }
        return new DeadLetters(index, function, RequestIds.current(), Tracing.traceId());
    }

    /**
     * What the cluster resolves the dead-letter index to lies inside the write allowlist (none: nothing to check);
     * {@code requested} is the request's field, as given to {@link #of}.
     */
    Uni<Void> confirm(String requested, DeadLetters deadLetters) {
        return deadLetters == null ? Uni.createFrom().voidItem()
                : indices.confirmWritable(field(requested), deadLetters.index());
    }

    /** The request's field, or the deployment's setting when the request names none. */
    private static String field(String requested) {
        return requested != null ? FIELD : SETTING;
    }
}
