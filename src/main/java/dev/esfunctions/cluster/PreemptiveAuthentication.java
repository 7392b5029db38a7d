package dev.esfunctions.cluster;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import jakarta.enterprise.context.Dependent;

import org.apache.http.HttpHeaders;
import org.apache.http.impl.client.BasicCredentialsProvider;
import org.apache.http.impl.nio.client.HttpAsyncClientBuilder;
import org.apache.http.message.BasicHeader;
import org.elasticsearch.client.RestClientBuilder;

import io.quarkus.elasticsearch.restclient.lowlevel.ElasticsearchClientConfig;
import io.quarkus.elasticsearch.restclient.lowlevel.runtime.ElasticsearchConfig;

/**
 * The username and password go out with every request as a header, not through the client's auth cache. The low-level
 * client primes a cache with a Basic scheme per node, and the HTTP client's {@code RequestAuthCache} reads it before
 * each request: Apache's cache keeps its schemes Java-serialised, so every request deserialised one, credential or
 * not. Without the cache and with no credentials to answer a challenge, a 401 comes back to the caller as it is, never
 * answered by a second request (which a body that cannot be repeated would not survive either).
 */
@ElasticsearchClientConfig
@Dependent
public class PreemptiveAuthentication implements RestClientBuilder.HttpClientConfigCallback {

    private final ElasticsearchConfig cluster;

    PreemptiveAuthentication(ElasticsearchConfig cluster) {
        this.cluster = cluster;
    }

    @Override
    public HttpAsyncClientBuilder customizeHttpClient(HttpAsyncClientBuilder builder) {
        builder.disableAuthCaching();
        if (cluster.username().isEmpty()) {
            return builder; // an API key is a default header of the extension's already, or there is no credential
        }
        String credentials = cluster.username().get() + ":" + cluster.password().orElse("");
        return builder.setDefaultCredentialsProvider(new BasicCredentialsProvider())
                .setDefaultHeaders(List.of(new BasicHeader(HttpHeaders.AUTHORIZATION, "Basic "
                        + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)))));
    }
}
