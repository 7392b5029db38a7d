package dev.esfunctions;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

@QuarkusTest
class DeleteFunctionTest {

    private static final String INDEX = "delete-products";

    @Inject
    TestCluster cluster;

    @BeforeEach
    void threeDocuments() {
        cluster.recreateIndex(INDEX, "{}");
        for (String id : new String[] { "1", "2", "3" }) {
            cluster.index(INDEX, id, "{\"n\": " + id + "}");
        }
        cluster.refresh(INDEX);
    }

    @Test
    void deletesExistingIdsAndCountsMissingOnesAsNotFound() {
        delete("{\"index\": \"delete-products\", \"ids\": [\"1\", \"3\", \"404\", \"405\"], \"refresh\": true}")
                .statusCode(200)
                .body("total", equalTo(4)).body("deleted", equalTo(2)).body("notFound", equalTo(2))
                .body("failed", equalTo(0)).body("errors", empty());
        assertNull(cluster.source(INDEX, "1"));
        assertNotNull(cluster.source(INDEX, "2"));
        assertNull(cluster.source(INDEX, "3"));
        assertEquals(1, cluster.count(INDEX));
    }

    @Test
    void blankIdsFailAloneAndEveryIdIsCountedOnce() {
        delete("{\"index\": \"delete-products\", \"ids\": [\"2\", \"\", 3]}")
                .statusCode(200)
                .body("total", equalTo(3)).body("deleted", equalTo(2)).body("notFound", equalTo(0))
                .body("failed", equalTo(1))
                .body("errors[0].type", equalTo("missing_id"))
                .body("errors[0].status", equalTo(400));
        assertEquals(1, cluster.count(INDEX));
    }

    @Test
    void idsAreRequired() {
        delete("{\"index\": \"delete-products\", \"ids\": []}")
                .statusCode(400).body("error.type", equalTo("invalid_field")).body("error.reason", containsString("'ids'"));
        delete("{\"index\": \"delete-products\"}")
                .statusCode(400).body("error.reason", containsString("'ids'"));
        delete("{\"index\": \"_all\", \"ids\": [\"1\"]}")
                .statusCode(400).body("error.type", equalTo("invalid_index_name"));
    }

    private static ValidatableResponse delete(String body) {
        return given().contentType(ContentType.JSON).body(body).post("/delete").then();
    }
}
