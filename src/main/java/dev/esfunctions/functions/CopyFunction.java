package dev.esfunctions.functions;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.inject.Singleton;

import dev.esfunctions.EsFunctionsConfig;
import dev.esfunctions.bulk.BulkOperation;
import dev.esfunctions.bulk.BulkTally;
import dev.esfunctions.bulk.DeadLetters;
import dev.esfunctions.copy.CopyPipeline;
import dev.esfunctions.copy.CopyTransform;
import dev.esfunctions.errors.FunctionException;
import dev.esfunctions.model.CopyRequest;
import dev.esfunctions.model.CopyResult;
import dev.esfunctions.model.WriteMode;
import dev.esfunctions.observability.CallStart;
import dev.esfunctions.observability.Measured;
import dev.esfunctions.policy.IndexPolicy;
import dev.esfunctions.scan.ScanPosition;
import io.quarkus.funqy.Funq;
import io.smallrye.mutiny.Uni;

@Singleton
@Measured
public class CopyFunction {

    private final CopyPipeline copy;
    private final ScanStarts starts;
    private final BulkCalls calls;
    private final Deadlines deadlines;
    private final IndexPolicy indices;
    private final DeadLetterIndexes deadLetterIndexes;
    private final EsFunctionsConfig config;

    CopyFunction(CopyPipeline copy, ScanStarts starts, BulkCalls calls, Deadlines deadlines, IndexPolicy indices,
            DeadLetterIndexes deadLetterIndexes, EsFunctionsConfig config) {
        this.copy = copy;
        this.starts = starts;
        this.calls = calls;
        this.deadlines = deadlines;
        this.indices = indices;
        this.deadLetterIndexes = deadLetterIndexes;
        this.config = config;
    }

    /**
     * Copies until {@code maxDurationMs}, and answers what it wrote with the cursor that continues; or, when it was
     * stopped (a page it could not read, writes of which none landed), the failure, with the cursor that retries
     * when retrying can help and what it wrote before ({@code partial}).
     */
    @Funq
    public Uni<CopyResult> copy(CopyRequest request) {
        long start = CallStart.nanos();
        return Uni.createFrom().deferred(() -> {
            Require.body(request, "copy", "{\"index\": \"products\", \"target\": \"products-v2\"}");
            String target = indices.writable("target", request.target());
            DeadLetters deadLetters = deadLetterIndexes.of(request.deadLetterIndex(), "copy", target);
            ScanPosition position = starts.reading(request.index(), request.query(), null, null, request.size(),
                    request.slice(), request.cursor());
            Require.notAbove("maxDurationMs", request.maxDurationMs(), config.limits().maxRequestTime().toMillis(),
                    "es-functions.limits.max-request-time");
            Require.atLeast("maxDurationMs", request.maxDurationMs(), 1, 1);
            long stopReadingAt = deadlines.deadline(start, request.maxDurationMs(), config.copy().maxDuration());
            requireIndependentRenames(orEmpty(request.rename()));
            CopyTransform transform = new CopyTransform(orEmpty(request.include()), orEmpty(request.exclude()),
                    orEmpty(request.rename()), orEmpty(request.set()), request.idFrom());
            // A copy bounds its time by pages: a write that started is finished, never cut by a bulk deadline.
            var options = calls.options(start, request.refresh(), null, request.batchSize(), request.batchBytes(),
                    request.concurrency(), request.adaptiveConcurrency(), null).withoutDeadline()
                    .withDeadLetters(deadLetters);
            BulkOperation.Action action = BulkDocuments.action(request.mode() == null ? WriteMode.REPLACE : request.mode());
            Uni<Void> queryReads = indices.confirmQueryReadable("query", position.query());
            Uni<Void> confirmed = (request.cursor() == null ? indices.confirmReadable("index", position.index())
                    : Uni.createFrom().voidItem()).call(() -> queryReads)
                    .call(() -> indices.confirmWritable("target", target))
                    .call(() -> deadLetterIndexes.confirm(request.deadLetterIndex(), deadLetters));
            return confirmed.flatMap(ignored -> copy.copy(position, target, indices::mayRead,
                    hit -> transform.apply(hit, action), options, stopReadingAt))
                    .map(outcome -> {
                        BulkTally tally = outcome.tally();
                        CopyResult result = new CopyResult(Timing.millisSince(start), tally.total(), tally.succeeded(),
                                tally.failed(), tally.retries(), tally.batches(), Timing.concurrency(tally),
                                tally.errors(), tally.errorsTruncated(), starts.cursor(outcome.next()),
                                deadLetters == null ? null : tally.deadLettered(),
                                deadLetters == null ? null : tally.deadLetterFailed(),
                                deadLetters == null ? null : tally.deadLetterErrors());
                        if (outcome.interruption() != null) {
                            throw outcome.interruption().withPartial(result);
                        }
                        return result;
                    });
        });
    }

    /** The transform renames in one pass over each document: a rename may not depend on another's result. */
    private static void requireIndependentRenames(Map<String, String> rename) {
        Set<String> targets = new HashSet<>();
        rename.forEach((from, to) -> {
            if (!from.equals(to) && rename.containsKey(to)) {
                throw FunctionException.invalidField("rename", "'" + from + "' is renamed to '" + to
                        + "', which is itself renamed: rename each field to a name no other rename uses as its source");
            }
            if (!targets.add(to)) {
                throw FunctionException.invalidField("rename", "two fields are renamed to '" + to
                        + "': each rename needs a target of its own");
            }
        });
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }

    private static <K, V> Map<K, V> orEmpty(Map<K, V> map) {
        return map == null ? Map.of() : map;
    }
}
