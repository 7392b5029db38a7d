package dev.esfunctions.packaged;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.specification.RequestSpecification;

/** The packaged Knative application (prod profile): CloudEvents routed by type, as the Broker's triggers send them. */
@QuarkusIntegrationTest
@QuarkusTestResource(value = PackagedCluster.class, restrictToAnnotatedClass = true)
class PackagedKnativeIT {

    @Test
    void eventsRouteByTypeAndAnswerWithOutputEvents() {
        given().baseUri("http://" + PackagedCluster.address()).delete("/packaged-knative");
        event("dev.esfunctions.upsert")
                .body("{\"index\": \"packaged-knative\", \"refresh\": \"wait_for\", \"docs\": [{\"_id\": \"1\", \"n\": 1}]}")
                .post("/")
                .then().statusCode(200)
                .header("ce-type", "dev.esfunctions.upsert.output")
                .header("ce-source", "es-functions")
                .header("ce-id", notNullValue())
                .body("created", equalTo(1));
        event("dev.esfunctions.search").body("{\"index\": \"packaged-knative\"}").post("/")
                .then().statusCode(200)
                .header("ce-type", "dev.esfunctions.search.output")
                .body("total.value", equalTo(1)).body("hits[0].id", equalTo("1"));
    }

    @Test
    void theDeploymentsAllowlistHolds() {
        event("dev.esfunctions.search").body("{\"index\": \"elsewhere\"}").post("/")
                .then().statusCode(403).body("error.type", equalTo("index_not_allowed"))
                .body("error.reason", containsString("es-functions.indices.read"));
    }

    @Test
    void theProductHoldsNoDevOnlyCode() {
        assertEquals(List.of(), PackagedArtifact.devOnlyCode(PackagedArtifact.application()));
    }

    /** A binary-mode CloudEvent of {@code type}, as a Knative Broker delivers it. */
    private static RequestSpecification event(String type) {
        return given().contentType("application/json")
                .header("ce-specversion", "1.0")
                .header("ce-id", UUID.randomUUID().toString())
                .header("ce-source", "packaged-test")
                .header("ce-type", type);
    }
}
