package dev.esfunctions.cluster;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.apache.http.HttpHost;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.RequestOptions;

import dev.esfunctions.EsFunctionsConfig;
import dev.esfunctions.EsFunctionsConfig.AwsService;
import dev.esfunctions.errors.FunctionException;
import io.quarkus.elasticsearch.restclient.lowlevel.runtime.ElasticsearchConfig;
import io.quarkus.runtime.StartupEvent;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;

/**
 * SigV4 for Amazon OpenSearch Service ({@code es}) and OpenSearch Serverless ({@code aoss}), when
 * {@code es-functions.aws.service} is set: the gateway has every request signed just before it is handed to the
 * client ({@link SigV4Signer}). What it needs is checked at start-up: a region, no other credential, one host (the
 * signature covers the one {@code Host} the request goes to, and an AWS endpoint is one host) and no discovery (the
 * sniffer's requests would go unsigned, to addresses AWS does not expose).
 */
@Singleton
public class SigV4Signing {

    private final Optional<AwsService> service;
    private final List<String> problems;
    private final SigV4Signer signer;

    SigV4Signing(EsFunctionsConfig config, ElasticsearchConfig cluster) {
        this.service = config.aws().service();
        this.problems = problems(config.aws(), cluster.hosts().size(), cluster.username().isPresent(),
                cluster.apiKey().isPresent(), cluster.discovery().enabled());
        this.signer = service.isEmpty() || !problems.isEmpty() ? null
                : new SigV4Signer(service.get().signingName(), config.aws().region().orElseThrow(),
                        DefaultCredentialsProvider.builder().build(), Clock.systemUTC());
    }

    void check(@Observes StartupEvent startup) {
        if (!problems.isEmpty()) {
            throw new IllegalStateException("SigV4 signing (es-functions.aws.service=" + service.orElseThrow()
                    .signingName() + ") cannot start: " + String.join("; ", problems));
        }
    }

    /** What keeps signing from working, each with what to change; none when signing is off. */
    static List<String> problems(EsFunctionsConfig.Aws aws, int hosts, boolean basicAuth, boolean apiKey,
            boolean discovery) {
        List<String> problems = new ArrayList<>();
        if (aws.service().isEmpty()) {
            return problems;
        }
        if (aws.region().filter(region -> !region.isBlank()).isEmpty()) {
            problems.add("es-functions.aws.region (ES_FUNCTIONS_AWS_REGION) is not set: set it to the region of the "
                    + "domain or collection, e.g. eu-west-1 (on Lambda, AWS_REGION)");
        }
        if (basicAuth || apiKey) {
            problems.add("quarkus.elasticsearch." + (basicAuth ? "username" : "api-key") + " is also set: a request "
                    + "carries one Authorization, and with SigV4 it is the signature; remove it (IAM decides access, "
                    + "or fine-grained access control maps the IAM role to a user)");
        }
        if (hosts != 1) {
            problems.add("quarkus.elasticsearch.hosts names " + hosts + " hosts: an AWS endpoint is one host "
                    + "(the domain's or collection's endpoint, port 443), and the signature covers it; name that one");
        }
        if (discovery) {
            problems.add("quarkus.elasticsearch.discovery.enabled is true: the nodes behind an AWS endpoint are not "
                    + "reachable and the sniffer's requests are not signed; set it to false");
        }
        return problems;
    }

    /** Whether the cluster is OpenSearch Serverless, which lacks point-in-time, tasks and _delete_by_query. */
    public boolean serverless() {
        return service.filter(AwsService.AOSS::equals).isPresent();
    }

    /**
     * Refuses, before anything is sent, a function Serverless cannot serve: {@code what} names it and what it needs
     * that Serverless lacks.
     */
    public void requireNotServerless(String what) {
        if (serverless()) {
            throw new FunctionException(400, "unsupported_on_serverless", what + ", which OpenSearch Serverless "
                    + "does not offer (es-functions.aws.service is aoss); search, upsert and delete by ids work there");
        }
    }

    /**
     * {@code options} with the headers that sign {@code request} for {@code target}, where {@link #signing()}. Runs
     * the SDK's hashing of the body and its credential resolution: call it on a worker thread.
     */
    RequestOptions.Builder signed(Request request, HttpHost target, RequestOptions.Builder options) {
        signer.headers(request, target).forEach((name, values) -> values.forEach(v -> options.addHeader(name, v)));
        return options;
    }

    /** Whether requests are signed: their preparation then moves to a worker thread. */
    boolean signing() {
        return signer != null;
    }
}
