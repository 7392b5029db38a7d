package dev.esfunctions.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;

import org.apache.http.HttpHost;
import org.elasticsearch.client.Node;
import org.junit.jupiter.api.Test;

class OneNodePerRequestTest {

    private static final List<Node> NODES = List.of(node(9201), node(9202), node(9203));

    @Test
    void keepsOneNodeOfThoseOfferedInTurn() {
        ClusterClient.OneNodePerRequest selector = new ClusterClient.OneNodePerRequest();
        List<Integer> chosen = new ArrayList<>();
        for (int request = 0; request < 6; request++) {
            List<Node> offered = new ArrayList<>(NODES);
            selector.select(offered);
            assertEquals(1, offered.size(), "a request goes to one node, never on to the next");
            chosen.add(offered.get(0).getHost().getPort());
        }
        assertEquals(List.of(9201, 9202, 9203, 9201, 9202, 9203), chosen);
    }

    @Test
    void leavesASingleNodeAsItIs() {
        List<Node> offered = new ArrayList<>(NODES.subList(1, 2));
        new ClusterClient.OneNodePerRequest().select(offered);
        assertEquals(NODES.subList(1, 2), offered);
    }

    private static Node node(int port) {
        return new Node(new HttpHost("127.0.0.1", port));
    }
}
