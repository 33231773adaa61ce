package org.neurojepa.preprocessing.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.neurojepa.preprocessing.nifti.NiftiReader;
import org.neurojepa.preprocessing.volume.Volume;

/** Debian's Colin27 (mricron-data): the only real brain MRI we have; test data derive from it. */
public final class Colin27 {
  public static final Path T1 = Path.of("/usr/share/mricron/templates/ch2.nii.gz");
  public static final Path BRAIN = Path.of("/usr/share/mricron/templates/ch2bet.nii.gz");

  private static Volume t1;
  private static Volume brain;

  private Colin27() {}

  public static synchronized Volume t1() {
    if (t1 == null) {
      t1 = read(T1);
    }
    return t1;
  }

  public static synchronized Volume brain() {
    if (brain == null) {
      brain = read(BRAIN);
    }
    return brain;
  }

  private static Volume read(Path p) {
    try {
      return NiftiReader.read(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
