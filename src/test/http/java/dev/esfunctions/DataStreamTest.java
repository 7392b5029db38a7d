package dev.esfunctions;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.Collectors;
import java.util.stream.IntStream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/**
 * A data stream, the home of logs and metrics, written and read back with the default allowlist: its documents live
 * in hidden backing indices ({@code .ds-...}), which a hit names, and which are read as the stream they belong to.
 * On OpenSearch 3.6.0, since the minimal Elasticsearch has no data streams.
 */
@QuarkusTest
@TestProfile(OnOpenSearch.class)
class DataStreamTest {

    private static final String STREAM = "logs-datastream";

    @Inject
    TestCluster cluster;

    @Test
    void aDataStreamWrittenInCreateModeIsSearchedScannedAndCopied() {
        cluster.perform("PUT", "/_index_template/" + STREAM, "{\"index_patterns\": [\"" + STREAM + "*\"], "
                + "\"data_stream\": {}, \"priority\": 500}");
        try {
            cluster.perform("DELETE", "/_data_stream/" + STREAM, null);
        } catch (java.io.UncheckedIOException none) {
            // a first run: there is no stream to delete
        }
        String docs = IntStream.range(0, 30).mapToObj(i -> "{\"_id\": \"" + i + "\", \"@timestamp\": "
                + "\"2026-12-05T00:00:" + String.format("%02d", i) + "Z\", \"n\": " + i + "}")
                .collect(Collectors.joining(","));
        call("upsert", "{\"index\": \"" + STREAM + "\", \"mode\": \"create\", \"refresh\": \"wait_for\", "
                + "\"docs\": [" + docs + "]}").statusCode(200).body("created", equalTo(30));

        call("search", "{\"index\": \"" + STREAM + "\", \"size\": 30}").statusCode(200)
                .body("total.value", equalTo(30))
                .body("hits.index", everyItem(startsWith(".ds-" + STREAM + "-")));
        call("scan", "{\"index\": \"" + STREAM + "\", \"size\": 100}").statusCode(200)
                .body("hits.size()", equalTo(30));

        cluster.deleteIndex("datastream-copy");
        call("copy", "{\"index\": \"" + STREAM + "\", \"target\": \"datastream-copy\", \"refresh\": \"wait_for\"}")
                .statusCode(200).body("written", equalTo(30)).body("cursor", equalTo(null));
        assertEquals(30, cluster.count("datastream-copy"));
    }

    private static ValidatableResponse call(String function, String body) {
        return given().contentType(ContentType.JSON).body(body).post("/" + function).then().log().ifValidationFails();
    }
}
