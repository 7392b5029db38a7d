package dev.esfunctions;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/** A deployment narrowed to some indices: reads of 'shared' and 'allowed-*', writes of 'allowed-*' only. */
@QuarkusTest
@TestProfile(IndexAllowlistTest.Narrowed.class)
class IndexAllowlistTest {

    public static class Narrowed implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("es-functions.indices.read", "allowed-*,shared", "es-functions.indices.write", "allowed-*");
        }
    }

    @Inject
    TestCluster cluster;

    @BeforeEach
    void indices() {
        cluster.recreateIndex("shared", "{}");
        cluster.bulkIndex("shared", 3, i -> "{\"n\": " + i + "}");
        cluster.recreateIndex("allowed-a", "{}");
    }

    @Test
    void readsStayInsideTheReadPatterns() {
        call("search", "{\"index\": \"shared,allowed-*\"}").statusCode(200).body("total.value", equalTo(3));
        call("search", "{\"index\": \"other\"}")
                .statusCode(403)
                .body("error.type", equalTo("index_not_allowed"))
                .body("error.reason", containsString("[allowed-*, shared]"))
                .body("error.reason", containsString("es-functions.indices.read"));
        call("search", "{\"index\": \"*\"}").statusCode(403);
        call("search", "{\"index\": \"_all\"}").statusCode(403);
        call("scan", "{\"index\": \"other\"}").statusCode(403);
    }

    @Test
    void aQueryReadsNoOtherIndexThanTheReadPatternsAllow() {
        cluster.recreateIndex("secret", "{}");
        cluster.index("secret", "s1", "{\"tags\": [1]}");
        cluster.index("allowed-a", "a1", "{\"tags\": [2]}");
        cluster.refresh("secret");
        cluster.refresh("allowed-a");
        call("search", "{\"index\": \"shared\", \"query\": {\"terms\": {\"n\": {\"index\": \"secret\", "
                + "\"id\": \"s1\", \"path\": \"tags\"}}}}")
                .statusCode(403)
                .body("error.type", equalTo("index_not_allowed"))
                .body("error.reason", containsString("field 'query.terms.n.index': 'secret' is outside"));
        call("search", "{\"index\": \"shared\", \"query\": {\"terms\": {\"n\": {\"index\": \"allowed-a\", "
                + "\"id\": \"a1\", \"path\": \"tags\"}}}}")
                .statusCode(200).body("total.value", equalTo(1));
        call("search", "{\"index\": \"shared\", \"aggs\": {\"f\": {\"filter\": {\"more_like_this\": {"
                + "\"fields\": [\"n\"], \"like\": [{\"_index\": \"secret\", \"_id\": \"s1\"}]}}}}}")
                .statusCode(403).body("error.reason", containsString("field 'aggs.f.filter.more_like_this.like[0]._index'"));
        call("scan", "{\"index\": \"shared\", \"query\": {\"terms\": {\"n\": {\"index\": \"secret\", "
                + "\"id\": \"s1\", \"path\": \"tags\"}}}}").statusCode(403);
        call("copy", "{\"index\": \"shared\", \"target\": \"allowed-copy\", \"query\": {\"geo_shape\": {\"g\": "
                + "{\"indexed_shape\": {\"id\": \"1\"}}}}}")
                .statusCode(403).body("error.reason", containsString("'shapes' is outside"));
        call("delete", "{\"index\": \"allowed-a\", \"query\": {\"terms\": {\"n\": {\"index\": \"secret\", "
                + "\"id\": \"s1\", \"path\": \"tags\"}}}}").statusCode(403);
    }

    @Test
    void writesStayInsideTheWritePatternsAndNeverReachSystemIndices() {
        call("upsert", "{\"index\": \"allowed-a\", \"docs\": [{\"_id\": \"1\"}]}").statusCode(200);
        call("upsert", "{\"index\": \"shared\", \"docs\": [{\"_id\": \"1\"}]}")
                .statusCode(403)
                .body("error.reason", containsString("es-functions.indices.write"));
        call("delete", "{\"index\": \"shared\", \"ids\": [\"1\"]}").statusCode(403);
        call("delete", "{\"index\": \"shared\", \"query\": {\"term\": {\"n\": 1}}}").statusCode(403);
        call("upsert", "{\"index\": \".allowed-secrets\", \"docs\": [{\"_id\": \"1\"}]}")
                .statusCode(403).body("error.reason", containsString("system index"));
        call("copy", "{\"index\": \"shared\", \"target\": \"allowed-copy\", \"refresh\": true}")
                .statusCode(200).body("written", equalTo(3));
        call("copy", "{\"index\": \"allowed-a\", \"target\": \"shared\"}").statusCode(403);
    }

    private static ValidatableResponse call(String function, String body) {
        return given().contentType(ContentType.JSON).body(body).post("/" + function).then().log().ifValidationFails();
    }
}
