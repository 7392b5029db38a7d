package dev.esfunctions.benchmark;

import java.io.BufferedReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.slf4j.LoggerFactory;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._helpers.bulk.BulkIngester;
import co.elastic.clients.elasticsearch._helpers.bulk.BulkListener;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.rest5_client.Rest5ClientTransport;
import co.elastic.clients.transport.rest5_client.low_level.Rest5Client;

/**
 * The Java peer of the benchmark's bulk load: the job as a Java user would write it with elasticsearch-java, each line
 * of an NDJSON file parsed into a map and added to a {@link BulkIngester} as a merge upsert ({@code update} with
 * {@code doc_as_upsert}, the function's default) keyed by its {@code _id}. Run by {@code Benchmark} in its own JVM
 * with the function's heap; only the {@code benchmark} profile compiles it, so that elasticsearch-java stays out of
 * the application and its normal build.
 * <p>
 * It loads the documents into a scratch index as many times as the function's load is warmed up (the JITs warm up as
 * the function's do in its unmeasured rounds), deletes it, then loads them into the index and prints the
 * {@link #RESULT} line: that load's time, the CPU time the process spent during it, JVM start-up left out, and the
 * part of it its JIT compilers spent, counted by {@link ProcessCpu} as the function's are. The file is read line by
 * line within the load, as the function reads its request bodies within its own: 200,000 documents would not fit in
 * the heap at once. It exits non-zero if an item failed or the items written are not the lines read.
 */
public final class BulkIngesterPeer {

    private static final TypeReference<Map<String, Object>> DOCUMENT = new TypeReference<>() {
    };
    /** The format of the line Benchmark reads the figures from. */
    private static final String RESULT = "peer: loaded %d documents in %d ms, %d ms of process CPU, %d ms of it"
            + " compiling, %d ms collecting%n";

    private BulkIngesterPeer() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 7) {
            System.err.println("usage: BulkIngesterPeer <http://host:port> <documents.ndjson> <index> <warm-up index>"
                    + " <batch size> <concurrency> <warm-up loads>");
            System.exit(2);
        }
        if (LoggerFactory.getLogger("org.apache.hc.client5.http.wire").isDebugEnabled()) {
            // Unseen or not, the HTTP client's wire log would cost the load several times its CPU.
            System.err.println("peer: the HTTP client logs at DEBUG: start it with"
                    + " -Dlogging.initial-configurator.min-level=INFO (Quarkus's logging is on the class path)");
            System.exit(2);
        }
        Path documents = Path.of(args[1]);
        String index = args[2];
        String warmUpIndex = args[3];
        int batchSize = Integer.parseInt(args[4]);
        int concurrency = Integer.parseInt(args[5]);
        int warmUpLoads = Integer.parseInt(args[6]);
        ObjectMapper json = new ObjectMapper();
        long pid = ProcessHandle.current().pid();
        try (Rest5ClientTransport transport = new Rest5ClientTransport(Rest5Client.builder(URI.create(args[0]))
                .build(), new JacksonJsonpMapper(json))) {
            ElasticsearchClient client = new ElasticsearchClient(transport);
            for (int warmUp = 0; warmUp < warmUpLoads; warmUp++) {
                load(client, json, documents, warmUpIndex, batchSize, concurrency).require(warmUpIndex);
                client.indices().delete(delete -> delete.index(warmUpIndex));
            }

            ProcessCpu before = ProcessCpu.of(pid);
            long start = System.nanoTime();
            Counter load = load(client, json, documents, index, batchSize, concurrency);
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            ProcessCpu cpu = ProcessCpu.of(pid).since(before);
            load.require(index);
            System.out.printf(RESULT, load.lines, millis, cpu.millis(), cpu.jitMillis(), cpu.gcMillis());
        }
    }

    /** Every line parsed, its {@code _id} taken out as the key, and added; back once the last request answered. */
    private static Counter load(ElasticsearchClient client, ObjectMapper json, Path documents, String index,
            int batchSize, int concurrency) throws Exception {
        Counter counter = new Counter();
        try (BufferedReader reader = Files.newBufferedReader(documents, StandardCharsets.UTF_8);
                BulkIngester<Void> ingester = BulkIngester.of(builder -> builder.client(client)
                        .maxOperations(batchSize).maxConcurrentRequests(concurrency).listener(counter))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                counter.lines++;
                Map<String, Object> doc = json.readValue(line, DOCUMENT);
                String id = (String) doc.remove("_id");
                ingester.add(operation -> operation.update(update -> update.index(index).id(id)
                        .action(action -> action.doc(doc).docAsUpsert(true))));
            }
        }
        return counter;
    }

    /** Counts the lines read, and the items written and failed, which the ingester reports from its own threads. */
    private static final class Counter implements BulkListener<Void> {
        private int lines;
        private final AtomicLong written = new AtomicLong();
        private final AtomicLong failed = new AtomicLong();
        private final AtomicReference<String> firstFailure = new AtomicReference<>();

        @Override
        public void beforeBulk(long executionId, BulkRequest request, List<Void> contexts) {
        }

        @Override
        public void afterBulk(long executionId, BulkRequest request, List<Void> contexts, BulkResponse response) {
            for (BulkResponseItem item : response.items()) {
                if (item.error() == null) {
                    written.incrementAndGet();
                } else {
                    failed.incrementAndGet();
                    firstFailure.compareAndSet(null, item.id() + ": " + item.error().reason());
                }
            }
        }

        @Override
        public void afterBulk(long executionId, BulkRequest request, List<Void> contexts, Throwable failure) {
            failed.addAndGet(request.operations().size());
            firstFailure.compareAndSet(null, "bulk request failed: " + failure);
        }

        void require(String index) {
            if (failed.get() > 0 || written.get() != lines) {
                System.err.printf("peer: %d of %d documents written to %s, %d failed; first failure: %s%n",
                        written.get(), lines, index, failed.get(), firstFailure.get());
                System.exit(1);
            }
        }
    }
}
