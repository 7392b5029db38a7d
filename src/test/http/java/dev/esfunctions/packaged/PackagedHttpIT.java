package dev.esfunctions.packaged;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;

/**
 * The packaged HTTP application (prod profile), configured as a deployment is: what the in-process tests cannot
 * show, because they run the test profile with the test classpath.
 */
@QuarkusIntegrationTest
@QuarkusTestResource(value = PackagedCluster.class, restrictToAnnotatedClass = true)
class PackagedHttpIT {

    @Test
    void upsertSearchAndScanWorkAndCursorsAreSignedAndChecked() {
        call("upsert", """
                {"index": "packaged-http", "refresh": "wait_for",
                 "docs": [{"_id": "1", "n": 1}, {"_id": "2", "n": 2}, {"_id": "3", "n": 3}]}""")
                .statusCode(200).body("created", equalTo(3)).body("failed", equalTo(0));
        call("search", "{\"index\": \"packaged-http\", \"sort\": [{\"n\": \"desc\"}]}")
                .statusCode(200).body("total.value", equalTo(3)).body("hits[0].id", equalTo("3"));

        JsonPath first = call("scan", "{\"index\": \"packaged-http\", \"size\": 2}").statusCode(200).extract()
                .jsonPath();
        String cursor = first.getString("cursor");
        // Signed, since the deployment set a key (the test profile's key is not in the product's configuration).
        assertTrue(cursor.contains("."), "a signed cursor: " + cursor);
        call("scan", "{\"cursor\": \"" + cursor.substring(0, cursor.lastIndexOf('.') + 1) + "AAAA\"}")
                .statusCode(400).body("error.type", equalTo("invalid_cursor"));
        JsonPath rest = call("scan", "{\"cursor\": \"" + cursor + "\"}").statusCode(200).extract().jsonPath();
        assertEquals(3, first.getList("hits.id").size() + rest.getList("hits.id").size());
    }

    @Test
    void theDeploymentsAllowlistHolds() {
        call("search", "{\"index\": \"elsewhere\"}")
                .statusCode(403).body("error.type", equalTo("index_not_allowed"))
                .body("error.reason", containsString("es-functions.indices.read"));
    }

    @Test
    void readinessAsksTheCluster() {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void theProductHoldsNoDevOnlyCode() {
        assertEquals(List.of(), PackagedArtifact.devOnlyCode(PackagedArtifact.application()));
        // The same search finds the local cluster where it is compiled: the check can fail.
        assertNotEquals(List.of(),
                PackagedArtifact.devOnlyCode(PackagedArtifact.buildDirectory().resolve("test-classes")));
    }

    @Test
    void withoutAClusterTheProductRefusesToStart() {
        PackagedArtifact.Exit exit = PackagedArtifact.runUntilExit(Map.of());
        assertNotEquals(0, exit.code(), exit.output());
        assertTrue(exit.output().contains("quarkus.elasticsearch.hosts is not set"), exit.output());
    }

    @Test
    void withReadsNarrowedAndNoCursorKeyTheProductRefusesToStart() {
        PackagedArtifact.Exit exit = PackagedArtifact.runUntilExit(Map.of(
                "quarkus.elasticsearch.hosts", PackagedCluster.address(),
                "es-functions.indices.read", PackagedCluster.INDICES));
        assertNotEquals(0, exit.code(), exit.output());
        assertTrue(exit.output().contains("es-functions.cursor.key is not set"), exit.output());
    }

    private static ValidatableResponse call(String function, String body) {
        return given().contentType(ContentType.JSON).body(body).post("/" + function).then().log().ifValidationFails();
    }
}
