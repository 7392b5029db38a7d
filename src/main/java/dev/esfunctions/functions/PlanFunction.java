package dev.esfunctions.functions;

import jakarta.inject.Singleton;

import dev.esfunctions.EsFunctionsConfig;
import dev.esfunctions.errors.FunctionException;
import dev.esfunctions.model.PlanRequest;
import dev.esfunctions.model.PlanResult;
import dev.esfunctions.model.Slice;
import dev.esfunctions.observability.CallStart;
import dev.esfunctions.observability.Measured;
import dev.esfunctions.policy.IndexPolicy;
import dev.esfunctions.scan.ScanPipeline;
import dev.esfunctions.scan.ScanPosition;
import dev.esfunctions.scan.ScanSlice;
import io.quarkus.funqy.Funq;
import io.smallrye.mutiny.Uni;

@Singleton
@Measured
public class PlanFunction {

    private final ScanPipeline scan;
    private final ScanStarts starts;
    private final IndexPolicy indices;
    private final EsFunctionsConfig config;

    PlanFunction(ScanPipeline scan, ScanStarts starts, IndexPolicy indices, EsFunctionsConfig config) {
        this.scan = scan;
        this.starts = starts;
        this.indices = indices;
        this.config = config;
    }

    /**
     * The slices to read an index with in parallel, each with the cursor its first {@code scan}, {@code copy} or
     * {@code delete} call continues from, all through one point-in-time opened here.
     */
    @Funq
    public Uni<PlanResult> plan(PlanRequest request) {
        long start = CallStart.nanos();
        return Uni.createFrom().deferred(() -> {
            Require.body(request, "plan", "{\"index\": \"products\", \"maxSlices\": 8}");
            ScanPosition position = starts.reading(request.index(), request.query(), request.sort(),
                    request.source(), request.size(), null, null);
            if (request.slices() != null && request.maxSlices() != null) {
                throw FunctionException.invalidRequest("give either 'slices' (how many) or "
                        + "'maxSlices' (at most how many, the plan choosing), not both");
            }
            Require.atLeast("slices", request.slices(), 1, 1);
            Require.notAbove("slices", request.slices(), ScanSlice.MAX_SLICES,
                    "Elasticsearch's index.max_slices_per_scroll");
            int maxSlices = (int) Require.atLeast("maxSlices", request.maxSlices(), 1, config.scan().maxSlices());
            Require.notAbove("maxSlices", maxSlices, ScanSlice.MAX_SLICES,
                    "Elasticsearch's index.max_slices_per_scroll");
            Uni<Void> queryReads = indices.confirmQueryReadable("query", position.query());
            return indices.confirmReadable("index", position.index()).call(() -> queryReads)
                    .flatMap(ignored -> scan.plan(position, request.slices(), maxSlices,
                            config.scan().documentsPerSlice()))
                    .map(plan -> new PlanResult(Timing.millisSince(start), plan.documents(), plan.shards(),
                            plan.slices().stream().map(slice -> new PlanResult.PlannedSlice(
                                    slice.slice() == null ? null : new Slice(slice.slice().id(), slice.slice().max()),
                                    starts.cursor(slice))).toList()));
        });
    }
}
