package dev.esfunctions;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import jakarta.inject.Inject;

import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/** Every line a request logs, on whichever thread, carries that request's id. */
@QuarkusTest
@TestProfile(RequestIdLogTest.Debug.class)
class RequestIdLogTest {

    public static class Debug implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.log.category.\"dev.esfunctions\".level", "DEBUG");
        }
    }

    @Inject
    TestCluster cluster;

    @Test
    void linesOfOneRequestShareItsIdAndOtherRequestsHaveTheirOwn() {
        cluster.recreateIndex("request-ids", "{}");
        List<ExtLogRecord> records;
        try (LogCapture capture = LogCapture.start()) {
            String docs = IntStream.range(0, 300).mapToObj(i -> "{\"_id\": \"" + i + "\"}")
                    .collect(Collectors.joining(","));
            given().contentType(ContentType.JSON)
                    .body("{\"index\": \"request-ids\", \"batchSize\": 100, \"docs\": [" + docs + "]}").post("/upsert")
                    .then().statusCode(200);
            given().contentType(ContentType.JSON)
                    .body("{\"index\": \"request-ids\", \"query\": {\"match_all\": {}}, \"allowMatchAll\": true}")
                    .post("/delete").then().statusCode(200);
            records = capture.records().stream().filter(r -> r.getLoggerName().startsWith("dev.esfunctions")).toList();
        } finally {
            Logger.getLogger("dev.esfunctions").setLevel(Level.INFO);
        }
        {
            assertTrue(records.size() >= 4, "the bulk requests were logged: " + records.size());
            List<String> ids = records.stream().map(r -> r.getMdc("requestId")).distinct().toList();
            assertTrue(ids.stream().allMatch(id -> id != null && !id.isEmpty()), "every line has a request id: "
                    + records.stream().map(r -> r.getThreadName() + " " + r.getMdc("requestId") + " " + r.getFormattedMessage())
                            .collect(Collectors.joining("\n")));
            assertEquals(2, ids.size(), "two requests, two ids");
        }
    }
}
