package dev.esfunctions;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.esfunctions.localcluster.LocalElasticsearchConfigSourceFactory;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/**
 * A deployment narrowed to {@code public-*}, through a proxy that counts what reaches the cluster: a cursor is input
 * like any other and cannot be forged into another index; remote-cluster names, aliases and date math are read as
 * Elasticsearch reads them; field names match exactly; the cursor key shows nowhere.
 */
@QuarkusTest
@TestProfile(SecurityTest.PublicOnly.class)
class SecurityTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    public static class PublicOnly implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            int proxy = FaultInjectingProxy.start(LocalElasticsearchConfigSourceFactory.localAddress("test",
                    LocalElasticsearchConfigSourceFactory.HOME));
            return Map.of("quarkus.elasticsearch.hosts", "127.0.0.1:" + proxy,
                    "es-functions.indices.read", "public-*",
                    "es-functions.indices.write", "public-*");
        }
    }

    @Inject
    TestCluster cluster;

    @BeforeEach
    void aPublicAndASecretIndex() {
        FaultInjectingProxy.reset();
        for (String index : List.of("public-1", "secret")) {
            cluster.recreateIndex(index, "{}");
            cluster.bulkIndex(index, 3, i -> "{\"owner\": \"" + index + "\"}");
        }
        cluster.perform("POST", "/_aliases", "{\"actions\": [{\"add\": {\"index\": \"secret\", \"alias\": "
                + "\"public-alias\"}}]}");
        FaultInjectingProxy.reset();
    }

    @Test
    void aCursorCannotBeForgedIntoAnotherIndex() throws Exception {
        String cursor = call("scan", "{\"index\": \"public-1\", \"size\": 1}").statusCode(200).extract().path("cursor");
        String secretPit = cluster.perform("POST", "/secret/_pit?keep_alive=1m", null).path("id").asText();
        String[] parts = cursor.split("\\.");
        ObjectNode json = (ObjectNode) JSON.readTree(Base64.getUrlDecoder().decode(parts[0]));
        byte[] forged = JSON.writeValueAsBytes(json.put("pit", secretPit));
        FaultInjectingProxy.reset();
        for (String tampered : List.of(encode(forged) + "." + parts[1], encode(forged),
                encode(forged) + "." + encode(hmac("a-key-of-another-deployment-0123456789".getBytes(), forged)),
                encode(JSON.writeValueAsBytes(json.put("v", 0))) + "." + parts[1])) {
            call("scan", "{\"cursor\": \"" + tampered + "\"}").statusCode(400)
                    .body("error.type", equalTo("invalid_cursor"));
        }
        assertEquals(0, FaultInjectingProxy.requests(), "nothing reached the cluster");
        call("scan", "{\"cursor\": \"" + cursor + "\"}").statusCode(200).body("hits[0].source.owner", equalTo("public-1"));
    }

    @Test
    void aRemoteClusterNameIsRefusedUnlessAPatternNamesThatCluster() {
        for (String remote : List.of("public-x:secret", "*:public-1", "public-*:public-1")) {
            call("search", "{\"index\": \"" + remote + "\"}").statusCode(403)
                    .body("error.type", equalTo("index_not_allowed"))
                    .body("error.reason", containsString("remote cluster"));
        }
        call("upsert", "{\"index\": \"public-x:public-1\", \"docs\": [{\"_id\": \"1\"}]}").statusCode(400)
                .body("error.type", equalTo("invalid_index_name"));
        assertEquals(0, FaultInjectingProxy.requests(), "nothing reached the cluster");
    }

    @Test
    void anAliasOrDateMathIsCheckedAsTheClusterResolvesIt() {
        call("search", "{\"index\": \"public-alias\", \"size\": 0, \"aggs\": {\"owners\": {\"terms\": "
                + "{\"field\": \"owner.keyword\"}}}}").statusCode(403)
                .body("error.type", equalTo("index_not_allowed"))
                .body("error.reason", containsString("'secret'"));
        call("scan", "{\"index\": \"public-alias\"}").statusCode(403);
        call("copy", "{\"index\": \"public-alias\", \"target\": \"public-copy\"}").statusCode(403);
        call("upsert", "{\"index\": \"public-alias\", \"docs\": [{\"_id\": \"1\"}]}").statusCode(403);
        call("delete", "{\"index\": \"public-alias\", \"query\": {\"match_all\": {}}, \"allowMatchAll\": true}")
                .statusCode(403);
        assertEquals(3, cluster.count("secret"));

        String today = "public-" + LocalDate.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy.MM.dd"));
        cluster.recreateIndex(today, "{}");
        cluster.bulkIndex(today, 2, i -> "{\"n\": " + i + "}");
        call("search", "{\"index\": \"<public-{now/d}>\"}").statusCode(200).body("total.value", equalTo(2));
        call("upsert", "{\"index\": \"<public-{now/d}>\", \"refresh\": true, \"docs\": [{\"_id\": \"dm\"}]}")
                .statusCode(200).body("succeeded", equalTo(1));
        assertEquals(3, cluster.count(today));
        call("search", "{\"index\": \"<secret-{now/d}>\"}").statusCode(403);
    }

    @Test
    void namesElasticsearchWouldRefuseNeverReachIt() {
        for (String name : List.of("public-\u0000", "public-\ud800", "public-\u0007", "Public-1", "..",
                "public-" + "x".repeat(300), "public-1,,public-2", "<public-{now/d}", "public-{now/d}>")) {
            call("search", "{\"index\": \"" + escaped(name) + "\"}").statusCode(400)
                    .body("error.type", equalTo("invalid_index_name"));
        }
        assertEquals(0, FaultInjectingProxy.requests(), "nothing reached the cluster");
    }

    @Test
    void fieldNamesMatchExactlyAndOnce() {
        call("search", "{\"index\": \"public-1\", \"Index\": \"secret\"}").statusCode(400)
                .body("error.type", equalTo("invalid_field"))
                .body("error.reason", containsString("'Index' is unknown"));
        call("search", "{\"index\": \"public-1\", \"index\": \"secret\"}").statusCode(400)
                .body("error.reason", containsString("Duplicate field 'index'"));
        assertEquals(0, FaultInjectingProxy.requests(), "nothing reached the cluster");
    }

    @Test
    void theCursorKeyShowsNowhere() throws Exception {
        String key = ConfigProvider.getConfig().getValue("es-functions.cursor.key", String.class);
        String cursor = call("scan", "{\"index\": \"public-1\", \"size\": 1}").statusCode(200).extract().path("cursor");
        try (LogCapture log = LogCapture.start()) {
            String refused = call("scan", "{\"cursor\": \"" + cursor.replace('.', 'x') + "\"}").statusCode(400)
                    .extract().asString();
            assertFalse(refused.contains(key));
            List<String> lines = log.records().stream().map(r -> r.getFormattedMessage() + " " + r.getThrown()).toList();
            lines.forEach(line -> assertFalse(line.contains(key), "the key was logged: " + line));
        }
        assertFalse(given().get("/q/metrics").then().statusCode(200).extract().asString().contains(key));
        assertFalse(cursor.contains(key));
    }

    /** As a JSON string's content, with control characters and surrogates as escapes, which survive UTF-8. */
    private static String escaped(String text) {
        StringBuilder json = new StringBuilder();
        for (char c : text.toCharArray()) {
            json.append(c < 0x20 || Character.isSurrogate(c) ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return json.toString();
    }

    private static String encode(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static byte[] hmac(byte[] key, byte[] data) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(data);
    }

    private static ValidatableResponse call(String function, String body) {
        return given().contentType(ContentType.JSON).body(body.getBytes(StandardCharsets.UTF_8)).post("/" + function)
                .then().log().ifValidationFails();
    }
}
