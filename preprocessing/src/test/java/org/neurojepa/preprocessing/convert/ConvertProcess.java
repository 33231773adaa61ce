package org.neurojepa.preprocessing.convert;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.neurojepa.preprocessing.nifti.NiftiWriter;
import org.neurojepa.preprocessing.volume.Volume;

/** A bare main for the benchmark's whole-process timing: DIR OUT → convert one series and write it. */
public final class ConvertProcess {
  private ConvertProcess() {}

  public static void main(String[] args) throws Exception {
    java.util.List<Path> files;
    try (Stream<Path> s = Files.list(Path.of(args[0]))) {
      files = s.filter(Files::isRegularFile).sorted().toList();
    }
    Volume v = new SeriesConverter().convertFiles(files);
    NiftiWriter.write(v, Path.of(args[1]), org.neurojepa.preprocessing.nifti.DataType.INT16);
  }
}
