package org.neurojepa.cli;

import org.neurojepa.pacs.dicom.AeTitle;
import org.neurojepa.pacs.scu.DicomPeer;
import picocli.CommandLine.Option;

/** Where a DICOM command connects to, and as whom: shared by echo and send. */
final class PeerOptions {
  @Option(names = "--host", defaultValue = "127.0.0.1", description = "Peer host (default ${DEFAULT-VALUE}).")
  String host;

  @Option(names = "--port", defaultValue = "${env:NEUROJEPA_DICOM_PORT:-11112}",
      description = "Peer DICOM port (default ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--aet", defaultValue = "${env:NEUROJEPA_AE_TITLE:-NEUROJEPA}",
      description = "Called AE title of the peer (default ${DEFAULT-VALUE}).")
  String calledAeTitle;

  @Option(names = "--calling-aet", defaultValue = "NEUROJEPA_SCU",
      description = "Our calling AE title (default ${DEFAULT-VALUE}).")
  String callingAeTitle;

  DicomPeer peer() {
    return DicomPeer.of(host, port, calledAeTitle);
  }

  AeTitle calling() {
    return new AeTitle(callingAeTitle);
  }
}
