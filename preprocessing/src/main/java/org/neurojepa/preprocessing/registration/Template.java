package org.neurojepa.preprocessing.registration;

import java.io.IOException;
import java.nio.file.Path;
import org.neurojepa.preprocessing.Contrast;
import org.neurojepa.preprocessing.nifti.NiftiReader;
import org.neurojepa.preprocessing.volume.Volume;

/**
 * A registration target: an image in MNI space, its brain mask (1 inside, 0 outside, on the same
 * grid) and the contrast it shows.
 */
public record Template(String name, Volume image, Volume brainMask, Contrast contrast) {
  /** Debian's mricron-data: Colin27 T1 in MNI space, 1 mm, 181×217×181. */
  public static final Path COLIN27_IMAGE = Path.of("/usr/share/mricron/templates/ch2.nii.gz");
  /** Colin27's brain (skull removed); its non-zero voxels are the brain mask. */
  public static final Path COLIN27_BRAIN = Path.of("/usr/share/mricron/templates/ch2bet.nii.gz");

  public Template {
    if (image.nx() != brainMask.nx() || image.ny() != brainMask.ny() || image.nz() != brainMask.nz()
        || image.voxelToWorld().maxAbsDifference(brainMask.voxelToWorld()) > 1e-3) {
      throw new IllegalArgumentException("template " + name + ": brain mask " + brainMask + " is not on the image's grid " + image);
    }
  }

  /** Reads a template; the brain file may be a mask or a brain-extracted image (non-zero = brain). */
  public static Template load(String name, Path image, Path brain, Contrast contrast) throws IOException {
    Volume img = NiftiReader.read(image);
    Volume b = NiftiReader.read(brain);
    float[] m = new float[b.voxelCount()];
    float[] v = b.voxels();
    for (int k = 0; k < m.length; k++) {
      m[k] = v[k] > 0 ? 1 : 0;
    }
    return new Template(name, img, b.withVoxels(m), contrast);
  }

  /** The embedded default: Colin27 (T1) from mricron-data. */
  public static Template colin27() throws IOException {
    return load("colin27", COLIN27_IMAGE, COLIN27_BRAIN, Contrast.T1W);
  }
}
