package dev.esfunctions;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/**
 * API key authentication against the secured cluster. The minimal distribution cannot issue keys (its .security
 * index needs the analysis-common module it lacks), so this checks what it can: the configured key reaches the
 * cluster as an ApiKey credential, a key the cluster refuses is a clear 401, and the secret shows nowhere.
 */
@QuarkusTest
@TestProfile(ApiKeyTest.WithUnknownKey.class)
class ApiKeyTest {

    static final String SECRET = "k3y-s3cret-9d41f0";
    static final String ENCODED = Base64.getEncoder()
            .encodeToString(("unknown-key-id:" + SECRET).getBytes(StandardCharsets.UTF_8));

    public static class WithUnknownKey implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return SecuredCluster.config(Map.of("quarkus.elasticsearch.api-key", ENCODED));
        }
    }

    @Test
    void aKeyTheClusterRefusesIsAClear401WithoutTheSecret() {
        try (LogCapture log = LogCapture.start()) {
            String body = given().contentType(ContentType.JSON).body("{\"index\": \"secured-docs\"}").post("/search")
                    .then().log().ifValidationFails().statusCode(401)
                    .body("error.status", equalTo(401))
                    .body("error.type", equalTo("security_exception"))
                    .body("error.reason", containsString("unable to authenticate"))
                    .body(not(containsString(SECRET)))
                    .extract().asString();
            assertFalse(body.contains(ENCODED));
            given().get("/q/metrics").then().statusCode(200).body(not(containsString(SECRET)));
            log.records().forEach(record -> assertFalse(
                    (record.getFormattedMessage() + record.getThrown()).contains(SECRET), "the key was logged"));
        }
    }
}
