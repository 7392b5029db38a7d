package dev.esfunctions.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ServerTest {

    @Test
    void theVersionIsReadAsGetSlashSaysIt() {
        assertEquals(new Server(Distribution.OPENSEARCH, 2, 19), Server.of(Distribution.OPENSEARCH, "2.19.4"));
        assertEquals(new Server(Distribution.OPENSEARCH, 3, 0), Server.of(Distribution.OPENSEARCH, "3.0.0-beta1"));
        assertEquals(new Server(Distribution.ELASTICSEARCH, 0, 0), Server.of(Distribution.ELASTICSEARCH, ""),
                "a GET / refused to a restricted user says no version");
    }

    @Test
    void atLeastComparesMajorThenMinor() {
        Server server = new Server(Distribution.OPENSEARCH, 3, 3);
        assertTrue(server.atLeast(3, 3));
        assertTrue(server.atLeast(2, 19));
        assertFalse(server.atLeast(3, 4));
        assertFalse(new Server(Distribution.OPENSEARCH, 2, 19).atLeast(3, 3));
    }
}
