package dev.esfunctions.functions;

import java.util.List;
import java.util.Map;

import dev.esfunctions.EsFunctionsConfig;
import dev.esfunctions.copy.CopyPipeline;
import dev.esfunctions.copy.CopyTransform;
import dev.esfunctions.model.CopyRequest;
import dev.esfunctions.model.CopyResult;
import dev.esfunctions.model.WriteMode;
import dev.esfunctions.observability.Measured;
import dev.esfunctions.policy.IndexPolicy;
import dev.esfunctions.scan.ScanPosition;
import io.quarkus.funqy.Funq;
import io.smallrye.mutiny.Uni;

@Measured
public class CopyFunction {

    private final CopyPipeline copy;
    private final IndexPolicy indices;
    private final EsFunctionsConfig config;

    CopyFunction(CopyPipeline copy, IndexPolicy indices, EsFunctionsConfig config) {
        this.copy = copy;
        this.indices = indices;
        this.config = config;
    }

    @Funq
    public Uni<CopyResult> copy(CopyRequest request) {
        return Uni.createFrom().deferred(() -> {
            long start = System.nanoTime();
            Require.body(request, "copy", "{\"index\": \"products\", \"target\": \"products-v2\"}");
            String target = indices.writable("target", request.target());
            ScanPosition position = ScanStarts.position(request.index(), request.query(), null, null, request.size(),
                    request.cursor(), indices, config);
            long maxDurationMs = Require.atLeast("maxDurationMs", Require.notAbove("maxDurationMs",
                    request.maxDurationMs(), config.limits().maxRequestTime().toMillis(),
                    "es-functions.limits.max-request-time"), 1, config.copy().maxDuration().toMillis());
            CopyTransform transform = new CopyTransform(orEmpty(request.include()), orEmpty(request.exclude()),
                    orEmpty(request.rename()), orEmpty(request.set()), request.idFrom());
            // A copy bounds its time by pages: a write that started is finished, never cut by a bulk deadline.
            var options = BulkCalls.options(config, request.refresh(), null, request.batchSize(),
                    request.batchBytes(), request.concurrency(), null).withoutDeadline();
            var action = BulkDocuments.action(request.mode() == null ? WriteMode.REPLACE : request.mode());
            return copy.copy(position, target, transform, action, options, start + maxDurationMs * 1_000_000L)
                    .invoke(outcome -> BulkCalls.landed(target, outcome.tally()))
                    .map(outcome -> new CopyResult(Timing.millisSince(start), outcome.tally().total(),
                            outcome.tally().succeeded(), outcome.tally().failed(), outcome.tally().retries(),
                            outcome.tally().batches(), outcome.tally().errors(), outcome.tally().errorsTruncated(),
                            outcome.next() == null ? null : outcome.next().toCursor()));
        });
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }

    private static <K, V> Map<K, V> orEmpty(Map<K, V> map) {
        return map == null ? Map.of() : map;
    }
}
