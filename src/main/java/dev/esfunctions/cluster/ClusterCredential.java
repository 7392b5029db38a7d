package dev.esfunctions.cluster;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import jakarta.enterprise.context.ApplicationScoped;

import dev.esfunctions.EsFunctionsConfig;
import dev.esfunctions.errors.ClusterFailure;
import io.quarkus.elasticsearch.restclient.lowlevel.runtime.ElasticsearchConfig;

/**
 * The credential es-functions presents to the cluster, in words: a 401 or 403 then says which credential the
 * cluster refused and where it is configured, not only the cluster's own reason (Elasticsearch's 401 names none).
 * Never the secret: an API key is named by its id, a user by name.
 */
@ApplicationScoped
public class ClusterCredential {

    private final String description;

    ClusterCredential(ElasticsearchConfig config, EsFunctionsConfig functions) {
        this.description = functions.aws().service().map(service -> "by SigV4 with the AWS credentials of the "
                + "default provider chain (es-functions.aws.service " + service.signingName() + ")")
                .or(() -> config.apiKey().map(ClusterCredential::apiKey))
                .or(() -> config.username().map(user -> "as user '" + user + "' (quarkus.elasticsearch.username and "
                        + "password)"))
                .orElse(null);
    }

    private static String apiKey(String encoded) {
        try {
            String decoded = new String(Base64.getDecoder().decode(encoded.trim()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            if (colon > 0) {
                return "with the API key with id [" + decoded.substring(0, colon) + "] (quarkus.elasticsearch.api-key)";
            }
        } catch (IllegalArgumentException notBase64) {
            // named without its id below
        }
        return "with the API key in quarkus.elasticsearch.api-key (not in the encoded form the cluster issues, "
                + "base64 of id:api_key)";
    }

    /** A refusal of the credential (401) or of what it may do (403), with which credential it was; others as they are. */
    ClusterFailure explain(ClusterFailure failure) {
        // AWS's own refusal of a signature already says which credential it was (ClusterFailures).
        if (failure.kind() != ClusterFailure.Kind.ANSWERED || failure.status() != 401 && failure.status() != 403
                || ClusterFailures.AWS_REFUSED.equals(failure.type())) {
            return failure;
        }
        String advice;
        if (description == null) {
            advice = "es-functions sent no credential: set quarkus.elasticsearch.api-key, or quarkus.elasticsearch."
                    + "username and password";
        } else if (failure.status() == 401) {
            advice = "the cluster did not accept the credential es-functions authenticated " + description
                    + ": check that it exists, is spelled whole, and has not expired or been revoked";
        } else {
            advice = "es-functions authenticated " + description + ", which may not do this: grant it the privilege "
                    + "the cluster names, or configure a credential that has it";
        }
        return failure.advising(advice);
    }
}
