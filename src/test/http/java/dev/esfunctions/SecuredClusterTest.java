package dev.esfunctions;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/** Basic authentication over HTTPS, the cluster's certificate signed by a CA given in es-functions.tls. */
@QuarkusTest
@TestProfile(SecuredClusterTest.AsWriter.class)
class SecuredClusterTest {

    public static class AsWriter implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return SecuredCluster.config(Map.of("quarkus.elasticsearch.username", SecuredCluster.WRITER,
                    "quarkus.elasticsearch.password", SecuredCluster.WRITER_PASSWORD));
        }
    }

    @Test
    void functionsWorkWithBasicAuthenticationOverHttps() {
        given().contentType(ContentType.JSON)
                .body("{\"index\": \"secured-docs\", \"refresh\": \"wait_for\", \"docs\": [{\"_id\": \"1\", \"n\": 1}]}")
                .post("/upsert").then().log().ifValidationFails().statusCode(200).body("succeeded", equalTo(1));
        given().contentType(ContentType.JSON).body("{\"index\": \"secured-docs\"}").post("/search")
                .then().statusCode(200).body("hits[0].id", equalTo("1"));
        given().get("/q/health/ready").then().statusCode(200);
    }
}
