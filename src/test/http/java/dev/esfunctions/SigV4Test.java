package dev.esfunctions;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.apache.http.HttpHost;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.RestClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.esfunctions.localcluster.LocalElasticsearchConfigSourceFactory;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * SigV4 end to end: the functions reach the cluster only through {@link SigV4VerifyingProxy}, which recomputes every
 * request's signature independently of the AWS SDK (session token and body hash included) and refuses what does not
 * verify. Credentials come as on any machine, through the default provider chain (here its system properties).
 */
@QuarkusTest
@TestProfile(SigV4Test.SignedForOpenSearchService.class)
class SigV4Test {

    static final String KEY = "AKIDSIGV4TEST";
    static final String SECRET = "sigv4-test-secret-key";
    static final String TOKEN = "sigv4-test-session-token/with+base64=";
    private static final String INDEX = "sigv4-docs";
    private static final String TARGET = "sigv4-copy";
    private static final int DOCUMENTS = 1200;

    public static class SignedForOpenSearchService implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return signedThroughProxy("es", SECRET);
        }
    }

    /**
     * The configuration of a deployment that signs for {@code service}, through a proxy that verifies with the
     * test's credentials; the application signs with {@code secret}.
     */
    static Map<String, String> signedThroughProxy(String service, String secret) {
        System.setProperty("aws.accessKeyId", KEY);
        System.setProperty("aws.secretAccessKey", secret);
        System.setProperty("aws.sessionToken", TOKEN);
        int port = SigV4VerifyingProxy.start(cluster(), new SigV4Verifier(KEY, SECRET, TOKEN, "eu-west-1", service));
        Map<String, String> config = new HashMap<>();
        config.put("quarkus.elasticsearch.hosts", "127.0.0.1:" + port);
        config.put("es-functions.aws.service", service);
        config.put("es-functions.aws.region", "eu-west-1");
        return config;
    }

    static String cluster() {
        return LocalElasticsearchConfigSourceFactory.localAddress("test", LocalElasticsearchConfigSourceFactory.HOME);
    }

    /** The cluster itself, behind the proxy's back, to arrange and check data. */
    private static RestClient direct;

    @BeforeAll
    static void emptyIndices() throws IOException {
        direct = RestClient.builder(HttpHost.create("http://" + cluster())).build();
        for (String index : new String[] { INDEX, TARGET }) {
            direct.performRequest(new Request("DELETE", "/" + index + "?ignore_unavailable=true"));
        }
        direct.performRequest(new Request("PUT", "/" + INDEX));
    }

    @AfterAll
    static void close() throws IOException {
        direct.close();
    }

    @Test
    void everyRequestOfEveryFunctionIsSignedAndVerifies() {
        SigV4VerifyingProxy.reset();
        String docs = IntStream.range(0, DOCUMENTS).mapToObj(i -> "{\"_id\": \"" + i + "\", \"n\": " + i
                + ", \"text\": \"" + "x".repeat(200) + "\"}").collect(Collectors.joining(","));
        post("/upsert", "{\"index\": \"" + INDEX + "\", \"batchSize\": 100, \"refresh\": true, \"docs\": [" + docs
                + "]}").body("succeeded", equalTo(DOCUMENTS)).body("batches", equalTo(12));

        post("/search", "{\"index\": \"" + INDEX + "\", \"query\": {\"range\": {\"n\": {\"lt\": 10}}}, "
                + "\"sort\": [{\"n\": \"asc\"}], \"size\": 3}").body("total.value", equalTo(10))
                .body("hits[0].id", equalTo("0"));

        int scanned = 0;
        String cursor = null;
        do {
            JsonPath page = post("/scan", "{\"index\": \"" + INDEX + "\", \"size\": 500"
                    + (cursor == null ? "" : ", \"cursor\": \"" + cursor + "\"") + "}").extract().jsonPath();
            scanned += page.getList("hits").size();
            cursor = page.getString("cursor");
        } while (cursor != null);
        assertEquals(DOCUMENTS, scanned);

        post("/copy", "{\"index\": \"" + INDEX + "\", \"target\": \"" + TARGET + "\", \"size\": 400, "
                + "\"refresh\": true}").body("read", equalTo(DOCUMENTS)).body("written", equalTo(DOCUMENTS))
                .body("cursor", equalTo(null));

        post("/delete", "{\"index\": \"" + INDEX + "\", \"ids\": [\"1\", \"2\", \"absent\"], \"refresh\": true}")
                .body("deleted", equalTo(2)).body("notFound", equalTo(1));

        assertEquals(0, SigV4VerifyingProxy.refusals().size(), "refused: " + SigV4VerifyingProxy.refusals());
        assertTrue(SigV4VerifyingProxy.verifiedBulk() >= 12 + 3 + 1, "_bulk requests verified: "
                + SigV4VerifyingProxy.verifiedBulk());
        assertTrue(SigV4VerifyingProxy.verified() > SigV4VerifyingProxy.verifiedBulk(), "searches, point-in-time "
                + "and the rest verified too: " + SigV4VerifyingProxy.verified());
        System.out.printf("SigV4: the proxy verified %d requests (%d _bulk), refused %d%n",
                SigV4VerifyingProxy.verified(), SigV4VerifyingProxy.verifiedBulk(),
                SigV4VerifyingProxy.refusals().size());
    }

    private static io.restassured.response.ValidatableResponse post(String path, String body) {
        return given().contentType(ContentType.JSON).body(body).post(path).then().log().ifValidationFails()
                .statusCode(200);
    }
}
