package dev.esfunctions;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/** A key the cluster issued and then revoked: every call is a 401 that says which credential failed, and how. */
@QuarkusTest
@TestProfile(RevokedApiKeyTest.WithRevokedKey.class)
class RevokedApiKeyTest {

    static final SecuredCluster.ApiKey KEY = SecuredCluster.ApiKey.lazily("es-functions-revoked", "{}");

    public static class WithRevokedKey implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            KEY.revoke();
            return SecuredCluster.config(Map.of("quarkus.elasticsearch.api-key", KEY.encoded()));
        }
    }

    @Test
    void aRevokedKeyIsA401NamingTheKey() {
        for (String function : new String[] { "search", "scan" }) {
            given().contentType(ContentType.JSON).body("{\"index\": \"secured-docs\"}").post("/" + function)
                    .then().log().ifValidationFails().statusCode(401)
                    .body("error.status", equalTo(401))
                    .body("error.type", equalTo("security_exception"))
                    .body("error.reason", containsString("the API key with id [" + KEY.id() + "]"))
                    .body("error.reason", containsString("quarkus.elasticsearch.api-key"))
                    .body("error.reason", containsString("revoked"))
                    .body(not(containsString(KEY.secret())));
        }
    }
}
