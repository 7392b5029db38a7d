package dev.esfunctions.functions;


import jakarta.inject.Singleton;

import dev.esfunctions.model.ScanRequest;
import dev.esfunctions.model.ScanResult;
import dev.esfunctions.model.SearchResult;
import dev.esfunctions.observability.CallStart;
import dev.esfunctions.observability.Measured;
import dev.esfunctions.policy.IndexPolicy;
import dev.esfunctions.scan.ScanPage;
import dev.esfunctions.scan.ScanPipeline;
import dev.esfunctions.scan.ScanPosition;
import dev.esfunctions.search.Hit;
import io.quarkus.funqy.Funq;
import io.smallrye.mutiny.Uni;

@Singleton
@Measured
public class ScanFunction {

    private final ScanPipeline scan;
    private final ScanStarts starts;
    private final IndexPolicy indices;

    ScanFunction(ScanPipeline scan, ScanStarts starts, IndexPolicy indices) {
        this.scan = scan;
        this.starts = starts;
        this.indices = indices;
    }

    /** One page: its hits and the cursor of the next, or, when the page could not be read whole, the failure. */
    @Funq
    public Uni<ScanResult> scan(ScanRequest request) {
        long start = CallStart.nanos();
        return Uni.createFrom().deferred(() -> {
            Require.body(request, "scan", "{\"index\": \"products\", \"size\": 1000}");
            ScanPosition position = starts.reading(request.index(), request.query(), request.sort(),
                    request.source(), request.size(), request.slice(), request.cursor());
            Uni<Void> queryReads = indices.confirmQueryReadable("query", position.query());
            Uni<Void> confirmed = request.cursor() == null ? indices.confirmReadable("index", position.index())
                    : Uni.createFrom().voidItem();
            return confirmed.call(() -> queryReads)
                    .flatMap(ignored -> scan.read(position, () -> false, indices::mayRead,
                    pages -> pages.collect().last(), ScanPage::handsBackCursor))
                    .map(page -> {
                        if (page.failure() != null) {
                            throw page.failure();
                        }
                        return new ScanResult(Timing.millisSince(start),
                                page.hits().stream().map(ScanFunction::hit).toList(), starts.cursor(page.next()));
                    });
        });
    }

    private static SearchResult.Hit hit(Hit hit) {
        return new SearchResult.Hit(hit.index(), hit.id(), null, hit.source(), null);
    }
}
