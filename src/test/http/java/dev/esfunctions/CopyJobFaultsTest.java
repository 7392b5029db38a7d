package dev.esfunctions;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.esfunctions.FaultInjectingProxy.SearchFault;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * The copy job's state machine meeting a failure it can get past: a page some shards could not answer. The plan's
 * point-in-time outlives the job (the slices share it), so this runs on the shared node, not on the node whose open
 * point-in-times {@link ReadFaultsTest} counts.
 */
@QuarkusTest
@TestProfile(BulkEngineTest.ThroughProxy.class)
class CopyJobFaultsTest {

    private static final String SOURCE = "copy-job-faults-source";
    private static final String TARGET = "copy-job-faults-target";
    private static final int DOCUMENTS = 1000;

    @Inject
    TestCluster cluster;

    @Test
    void theJobCallsAgainFromThePageThatFailedAndCountsWhatWasWrittenBeforeIt() throws Exception {
        FaultInjectingProxy.reset();
        cluster.recreateIndex(SOURCE, "{\"properties\": {\"n\": {\"type\": \"integer\"}}}");
        cluster.bulkIndex(SOURCE, DOCUMENTS, i -> "{\"n\": " + i + "}");
        cluster.deleteIndex(TARGET);
        FaultInjectingProxy.reset();
        FaultInjectingProxy.failSearch(3, SearchFault.PARTIAL);
        JsonNode report = StateMachineRunner.copyJob().run(new ObjectMapper().readTree("{\"copy\": {\"index\": \""
                + SOURCE + "\", \"target\": \"" + TARGET + "\", \"size\": 100}}"));
        assertEquals(1, report.path("slices").asInt());
        assertEquals(DOCUMENTS, report.path("read").asInt(), "the pages written before the failure, and the rest: " + report);
        assertEquals(DOCUMENTS, report.path("written").asInt());
        assertEquals(0, report.path("failed").asInt());
        assertEquals(2, report.path("calls").asInt(), "the call that met the failed page, and the one that went on");
        assertEquals(DOCUMENTS, cluster.count(TARGET));
    }
}
