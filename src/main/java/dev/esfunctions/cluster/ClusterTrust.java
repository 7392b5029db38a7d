package dev.esfunctions.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import jakarta.enterprise.context.Dependent;

import org.apache.http.impl.nio.client.HttpAsyncClientBuilder;
import org.elasticsearch.client.RestClientBuilder;

import dev.esfunctions.EsFunctionsConfig;
import io.quarkus.elasticsearch.restclient.lowlevel.ElasticsearchClientConfig;

/**
 * Trusts the CA configured in {@code es-functions.tls} for the cluster's HTTPS, on top of what the Quarkus client
 * configures itself (hosts, protocol, username and password, API key). Nothing configured: the JVM's trusted CAs.
 */
@ElasticsearchClientConfig
@Dependent
public class ClusterTrust implements RestClientBuilder.HttpClientConfigCallback {

    private final EsFunctionsConfig.Tls tls;

    ClusterTrust(EsFunctionsConfig config) {
        this.tls = config.tls();
    }

    @Override
    public HttpAsyncClientBuilder customizeHttpClient(HttpAsyncClientBuilder builder) {
        if (tls.caCertificates().isEmpty() && tls.trustStore().isEmpty()) {
            return builder;
        }
        try {
            return builder.setSSLContext(trusting(trustStore()));
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("Cannot read the cluster's CA from "
                    + tls.caCertificates().or(tls::trustStore).orElseThrow()
                    + " (es-functions.tls.ca-certificates or es-functions.tls.trust-store): " + e.getMessage(), e);
        }
    }

    /** A TLS context that trusts exactly the certificates of {@code store}. */
    public static SSLContext trusting(KeyStore store) throws GeneralSecurityException {
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }

    /** The certificates of a PEM file as a trust store. */
    public static KeyStore pemTrustStore(Path pem) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        try (InputStream in = Files.newInputStream(pem)) {
            int i = 0;
            for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                store.setCertificateEntry("ca-" + i++, certificate);
            }
        }
        return store;
    }

    private KeyStore trustStore() throws IOException, GeneralSecurityException {
        if (tls.trustStore().isPresent()) {
            Path path = tls.trustStore().get();
            char[] password = tls.trustStorePassword().map(String::toCharArray).orElse(null);
            try (InputStream in = Files.newInputStream(path)) {
                KeyStore store = KeyStore.getInstance(path.toString().endsWith(".jks") ? "JKS" : "PKCS12");
                store.load(in, password);
                return store;
            }
        }
        return pemTrustStore(tls.caCertificates().get());
    }
}
