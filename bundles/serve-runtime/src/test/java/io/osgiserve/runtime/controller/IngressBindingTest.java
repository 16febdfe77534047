package io.osgiserve.runtime.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.osgiserve.config.ConfigDocument;
import io.osgiserve.node.DeployRefusedException;
import io.osgiserve.node.Ingress;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class IngressBindingTest {
    private final List<String> opened = new ArrayList<>();
    private boolean busy;
    private final Ingress server = new Ingress() {
        @Override
        public void open(String host, int port, RouteSource routes) throws IOException {
            if (busy) {
                throw new IOException("Address already in use");
            }
            opened.add(host + ":" + port);
        }

        @Override
        public void close() {
            opened.add("closed");
        }
    };
    private final IngressBinding binding = new IngressBinding("127.0.0.1", 8000, () -> RouteTableImpl.EMPTY);

    private static ConfigDocument app(String extra) throws Exception {
        return ConfigDocument.parseYaml("import_path: a:b\n" + extra);
    }

    @Test
    void theFirstDeployOpensTheIngressOnTheConfigsAddressOrTheNodesDefault() throws Exception {
        binding.service(server);
        binding.claim(app("").config());
        binding.claim(app("").config());
        assertEquals(List.of("127.0.0.1:8000"), opened);
    }

    @Test
    void anotherAddressIsRefusedWhileItListensAndTakenAfterAClose() throws Exception {
        binding.service(server);
        binding.claim(app("port: 8123\n").config());
        DeployRefusedException e = assertThrows(DeployRefusedException.class, () -> binding.claim(app("").config()));
        assertThat(e.getMessage()).contains("127.0.0.1:8123", "127.0.0.1:8000", "serve shutdown");
        binding.close();
        binding.claim(app("").config());
        assertEquals(List.of("127.0.0.1:8123", "closed", "127.0.0.1:8000"), opened);
    }

    @Test
    void aBusyPortAtNodeStartIsReportedAndTheServiceArrivingLaterOpensIt() throws Exception {
        busy = true;
        binding.service(server);
        binding.restore(app("").config());
        assertThat(binding.failure()).contains("cannot serve HTTP on 127.0.0.1:8000", "Address already in use");
        busy = false;
        binding.service(null);
        binding.service(server);
        assertNull(binding.failure());
        assertEquals(List.of("127.0.0.1:8000"), opened);
    }
}
