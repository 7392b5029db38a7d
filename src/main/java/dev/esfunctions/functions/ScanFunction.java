package dev.esfunctions.functions;

import com.fasterxml.jackson.databind.JsonNode;

import dev.esfunctions.EsFunctionsConfig;
import dev.esfunctions.model.ScanRequest;
import dev.esfunctions.model.ScanResult;
import dev.esfunctions.model.SearchResult;
import dev.esfunctions.observability.Measured;
import dev.esfunctions.policy.IndexPolicy;
import dev.esfunctions.scan.ScanPipeline;
import dev.esfunctions.scan.ScanPosition;
import io.quarkus.funqy.Funq;
import io.smallrye.mutiny.Uni;

@Measured
public class ScanFunction {

    private final ScanPipeline scan;
    private final IndexPolicy indices;
    private final EsFunctionsConfig config;

    ScanFunction(ScanPipeline scan, IndexPolicy indices, EsFunctionsConfig config) {
        this.scan = scan;
        this.indices = indices;
        this.config = config;
    }

    @Funq
    public Uni<ScanResult> scan(ScanRequest request) {
        return Uni.createFrom().deferred(() -> {
            long start = System.nanoTime();
            Require.body(request, "scan", "{\"index\": \"products\", \"size\": 1000}");
            ScanPosition position = ScanStarts.position(request.index(), request.query(), request.sort(),
                    request.source(), request.size(), request.cursor(), indices, config);
            return scan.page(position).map(page -> new ScanResult(Timing.millisSince(start),
                    page.hits().stream().map(ScanFunction::hit).toList(),
                    page.next() == null ? null : page.next().toCursor()));
        });
    }

    private static SearchResult.Hit hit(JsonNode hit) {
        return new SearchResult.Hit(hit.path("_index").asText(), hit.path("_id").asText(), null, hit.get("_source"),
                null);
    }
}
