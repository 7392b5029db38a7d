package dev.esfunctions.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.api.Test;

import io.smallrye.config.ConfigValue;

class CloudIdTest {

    private static String cloudId(String decoded) {
        return "my-deployment:" + Base64.getEncoder().encodeToString(decoded.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void elasticsDocumentedCloudIdNamesTheElasticsearchHostOn443() {
        CloudId id = CloudId.decode("my-deployment:dXMtZWFzdC0xLmF3cy5mb3VuZC5pbyRjZWM2ZjI2MWE3NGJmMjRjZTMzYmI4ODExYjg0Mjk0ZiRjNmMyY2E2ZDA0MjI0OWFmMGNjN2Q3YTllOTYyNTc0Mw==");
        assertEquals("cec6f261a74bf24ce33bb8811b84294f.us-east-1.aws.found.io:443", id.address());
    }

    @Test
    void theElasticsearchPartsPortWinsOverTheDomainsAndTheNameIsOptional() {
        assertEquals("es-id.eu-west-1.aws.found.io:9243", CloudId.decode(cloudId("eu-west-1.aws.found.io:9243$es-id$kibana-id")).address());
        assertEquals("es-id.eu-west-1.aws.found.io:9200", CloudId.decode(cloudId("eu-west-1.aws.found.io:9243$es-id:9200$kibana-id")).address());
        String bare = cloudId("host.example$es-id").substring("my-deployment:".length());
        assertEquals("es-id.host.example:443", CloudId.decode(bare).address());
    }

    @Test
    void whatIsNotACloudIdIsRefusedSayingWhy() {
        assertRefused("my-deployment:not base64!", "es-functions.cloud-id is not a Cloud ID: its part after the "
                + "deployment name is not base64");
        assertRefused(cloudId("only-a-domain"), "no domain$elasticsearch-id pair");
        assertRefused(cloudId("host.example:http$es-id$kibana-id"), "the port 'http'");
    }

    @Test
    void theStartIsRefusedWithoutHostsWithBothOrWithAnUnreadableCloudId() {
        ConfigValue none = ConfigValue.builder().withName(ClusterHostsCheck.HOSTS).build();
        ConfigValue set = ConfigValue.builder().withName(ClusterHostsCheck.HOSTS).withValue("es:9200")
                .withConfigSourceName("EnvConfigSource").withConfigSourceOrdinal(300).build();
        ConfigValue derived = ConfigValue.builder().withName(ClusterHostsCheck.HOSTS).withValue("es-id.host:443")
                .withConfigSourceName(CloudIdConfigSourceFactory.NAME).withConfigSourceOrdinal(200).build();
        String valid = cloudId("host$es-id$kibana-id");
        assertTrue(ClusterHostsCheck.problem(none, null).startsWith("quarkus.elasticsearch.hosts is not set"));
        assertTrue(ClusterHostsCheck.problem(none, null).contains("or set es-functions.cloud-id"));
        assertNull(ClusterHostsCheck.problem(set, null));
        assertNull(ClusterHostsCheck.problem(derived, valid));
        assertTrue(ClusterHostsCheck.problem(set, valid).startsWith("both quarkus.elasticsearch.hosts and"));
        assertTrue(ClusterHostsCheck.problem(none, "x:!!").contains("is not a Cloud ID"));
    }

    private static void assertRefused(String cloudId, String reason) {
        String message = assertThrows(IllegalArgumentException.class, () -> CloudId.decode(cloudId)).getMessage();
        assertTrue(message.contains(reason), message);
    }
}
