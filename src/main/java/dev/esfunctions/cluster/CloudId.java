package dev.esfunctions.cluster;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Where an Elastic Cloud deployment's Elasticsearch is, decoded from its Cloud ID: {@code name:base64} of
 * {@code domain[:port]$elasticsearch-id[:port]$kibana-id[:port]}. The host is {@code elasticsearch-id.domain}, over
 * HTTPS, on the Elasticsearch part's port, else the domain's, else 443.
 */
public record CloudId(String host, int port) {

    static final String SETTING = "es-functions.cloud-id";

    /** The deployment a Cloud ID names; an {@link IllegalArgumentException} that says what is wrong otherwise. */
    public static CloudId decode(String cloudId) {
        String encoded = cloudId.strip();
        int colon = encoded.lastIndexOf(':');
        if (colon >= 0) {
            encoded = encoded.substring(colon + 1);
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException notBase64) {
            throw invalid("its part after the deployment name is not base64 (" + notBase64.getMessage() + ")");
        }
        String[] parts = decoded.split("\\$");
        if (parts.length < 2 || parts[0].isBlank() || parts[1].isBlank()) {
            throw invalid("it decodes to no domain$elasticsearch-id pair");
        }
        String[] domain = parts[0].split(":", 2);
        String[] elasticsearch = parts[1].split(":", 2);
        String port = elasticsearch.length == 2 ? elasticsearch[1] : domain.length == 2 ? domain[1] : "443";
        try {
            int number = Integer.parseInt(port);
            if (number < 1 || number > 65535) {
                throw new NumberFormatException();
            }
            return new CloudId(elasticsearch[0] + "." + domain[0], number);
        } catch (NumberFormatException notAPort) {
            throw invalid("it names the port '" + port + "'");
        }
    }

    /** What {@code quarkus.elasticsearch.hosts} takes. */
    public String address() {
        return host + ":" + port;
    }

    private static IllegalArgumentException invalid(String why) {
        return new IllegalArgumentException(SETTING + " is not a Cloud ID: " + why + "; copy it whole from the "
                + "deployment's page in the Elastic Cloud console (name:base64)");
    }
}
