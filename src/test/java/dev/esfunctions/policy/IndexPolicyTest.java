package dev.esfunctions.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.esfunctions.errors.FunctionException;

class IndexPolicyTest {

    private final IndexPolicy everything = new IndexPolicy(List.of("*"), List.of("*"), null);
    private final IndexPolicy publicOnly = new IndexPolicy(List.of("public-*", "shared", "eu:logs-*"), List.of("public-*"), null);

    @Test
    void aNameOrPatternInsideTheAllowlistIsReadable() {
        assertEquals("public-1", publicOnly.readable("index", "public-1"));
        assertEquals("public-*", publicOnly.readable("index", "public-*"));
        assertEquals("public-1,shared", publicOnly.readable("index", "public-1,shared"));
        assertEquals("public-*,-public-2", publicOnly.readable("index", "public-*,-public-2"), "exclusions narrow");
    }

    @Test
    void aNameOrPatternOutsideTheAllowlistIsRefusedNamingThePatternsAndTheSetting() {
        FunctionException refused = refused(() -> publicOnly.readable("index", "secret"));
        assertEquals(403, refused.status());
        assertEquals("index_not_allowed", refused.type());
        assertTrue(refused.reason().contains("[public-*, shared, eu:logs-*]") && refused.reason().contains("es-functions.indices.read"),
                refused.reason());
        refused(() -> publicOnly.readable("index", "public-1,secret"));
        refused(() -> publicOnly.readable("index", "*"));
        refused(() -> publicOnly.readable("index", "_all"));
    }

    @Test
    void aWildcardNeverCrossesAClusterOrAListAndARemoteIndexNeedsAPatternNamingItsCluster() {
        assertEquals(403, refused(() -> publicOnly.readable("index", "public-x:secret")).status());
        assertEquals(403, refused(() -> everything.readable("index", "remote:logs")).status(), "* is local");
        assertEquals(403, refused(() -> publicOnly.readable("index", "*:logs-1")).status());
        assertEquals("eu:logs-1", publicOnly.readable("index", "eu:logs-1"));
        assertEquals(403, refused(() -> publicOnly.readable("index", "us:logs-1")).status());
        assertEquals(400, refused(() -> publicOnly.writable("index", "public-x:public-1")).status(),
                "writes go to the local cluster");
    }

    @Test
    void aDataStreamsBackingIndexIsReadAsItsStream() {
        IndexPolicy logs = new IndexPolicy(List.of("logs-*", "eu:logs-*"), List.of("logs-*"), null);
        assertTrue(logs.mayRead(".ds-logs-app-2026.12.05-000001"), "Elasticsearch 7.11 and later");
        assertTrue(logs.mayRead(".ds-logs-app-000001"), "OpenSearch, and Elasticsearch before 7.11");
        assertTrue(logs.mayRead(".fs-logs-app-2026.12.05-000002"), "a failure store");
        assertTrue(logs.mayRead("eu:.ds-logs-app-2026.12.05-000001"), "on a remote cluster");
        assertTrue(everything.mayRead(".ds-logs-app-2026.12.05-000001"), "* reaches a data stream's documents");
        assertTrue(logs.mayWrite(".ds-logs-app-000003"), "a delete by query deletes from the backing index");
        assertEquals(false, logs.mayRead(".ds-metrics-app-000001"), "another stream");
        assertEquals(false, everything.mayRead(".ds-.logs-deprecation-000001"), "a system data stream");
        assertEquals(false, everything.mayRead(".ds-logs"), "not a backing index's name: a system index");
        assertEquals(false, logs.mayRead("us:.ds-logs-app-000001"), "another cluster");
    }

    @Test
    void dateMathIsReadAsElasticsearchReadsIt() {
        assertEquals("<public-{now/d}>", publicOnly.readable("index", "<public-{now/d}>"));
        assertEquals("<public-{now/d{yyyy.MM.dd|+12:00}}>", publicOnly.writable("index",
                "<public-{now/d{yyyy.MM.dd|+12:00}}>"));
        for (String bad : new String[] { "<public-{now/d}", "<Public-{now/d}>", "<public-{now/d>", "<public-}>" }) {
            assertEquals("invalid_index_name", refused(() -> everything.readable("index", bad)).type(), bad);
        }
    }

    @Test
    void systemIndicesAreReadOnlyThroughAPatternThatNamesThem() {
        refused(() -> everything.readable("index", ".security"));
        assertEquals(".logs", new IndexPolicy(List.of(".logs*"), List.of("*"), null).readable("index", ".logs"));
    }

    @Test
    void writesGoToOneConcreteIndexInsideTheWriteAllowlistAndNeverToASystemIndex() {
        assertEquals("public-1", publicOnly.writable("index", "public-1"));
        assertEquals(403, refused(() -> publicOnly.writable("index", "shared")).status());
        assertEquals(403, refused(() -> everything.writable("index", ".kibana")).status());
        assertEquals(400, refused(() -> everything.writable("index", "logs-*")).status());
        assertEquals(400, refused(() -> everything.writable("index", "a,b")).status());
    }

    @Test
    void namesElasticsearchWouldRefuseAreBadRequests() {
        for (String name : new String[] { "Upper", "with space", "a#b", "_underscore", "-dash", "..", "a\"b", "a\u0000b",
                "a\u0007b", "a\ud800b", "a?b" }) {
            FunctionException refused = refused(() -> everything.writable("index", name));
            assertEquals("invalid_index_name", refused.type(), name);
        }
        assertEquals("invalid_index_name", refused(() -> everything.writable("index", "x".repeat(256))).type());
        assertEquals("invalid_field", refused(() -> everything.readable("index", " ")).type());
        assertEquals("invalid_index_name", refused(() -> everything.readable("index", "a,,b")).type());
    }

    private static FunctionException refused(Runnable check) {
        return assertThrows(FunctionException.class, check::run);
    }
}
