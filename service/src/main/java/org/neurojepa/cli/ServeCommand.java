package org.neurojepa.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.neurojepa.service.NeuroJepaApplication;
import org.springframework.boot.SpringApplication;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code neurojepa serve}: runs the service until it is stopped. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the service: the DICOM node, the pipeline and the HTTP API.",
      "Every option can also be set by its environment variable; further settings (neurojepa.*,",
      "see README.md) may follow as --key=value."
    })
public final class ServeCommand implements Callable<Integer> {

  @Option(names = "--dicom-port", defaultValue = "${env:NEUROJEPA_DICOM_PORT:-11112}",
      description = "DICOM port (env NEUROJEPA_DICOM_PORT, default ${DEFAULT-VALUE}).")
  int dicomPort;

  @Option(names = "--http-port", defaultValue = "${env:NEUROJEPA_HTTP_PORT:-8080}",
      description = "HTTP port of the API (env NEUROJEPA_HTTP_PORT, default ${DEFAULT-VALUE}).")
  int httpPort;

  @Option(names = "--bind", defaultValue = "${env:NEUROJEPA_BIND:-127.0.0.1}",
      description = "Address both servers listen on (env NEUROJEPA_BIND, default ${DEFAULT-VALUE}). "
          + "Bound to anything but loopback, the DICOM node requires an allow-list of calling AE titles.")
  String bind;

  @Option(names = "--ae-title", defaultValue = "${env:NEUROJEPA_AE_TITLE:-NEUROJEPA}",
      description = "Our AE title (env NEUROJEPA_AE_TITLE, default ${DEFAULT-VALUE}).")
  String aeTitle;

  @Option(names = "--data-dir", defaultValue = "${env:NEUROJEPA_DATA_DIR:-./data}",
      description = "Where received instances, artefacts and the embedded database live "
          + "(env NEUROJEPA_DATA_DIR, default ${DEFAULT-VALUE}).")
  Path dataDir;

  @picocli.CommandLine.Unmatched List<String> springArguments = new ArrayList<>();

  @Override
  public Integer call() {
    List<String> args = new ArrayList<>(springArguments);
    args.add("--neurojepa.dicom.port=" + dicomPort);
    args.add("--neurojepa.dicom.bind=" + bind);
    args.add("--neurojepa.dicom.ae-title=" + aeTitle);
    args.add("--neurojepa.dicom.data-dir=" + dataDir.toAbsolutePath().normalize());
    args.add("--neurojepa.http.port=" + httpPort);
    args.add("--neurojepa.http.bind=" + bind);
    SpringApplication.run(NeuroJepaApplication.class, args.toArray(String[]::new));
    // The web server's non-daemon threads keep the JVM alive until it is stopped.
    return 0;
  }
}
