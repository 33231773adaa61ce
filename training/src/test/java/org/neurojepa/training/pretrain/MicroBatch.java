package org.neurojepa.training.pretrain;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.neurojepa.model.NeuroJepaConfig;

/**
 * A batch of random volumes with an ellipsoid foreground and the three multiscale masks per sample,
 * for the autograd tests on the micro architecture. Draws from {@code rng}, which the caller may
 * go on using.
 */
record MicroBatch(float[] voxels, boolean[][] foreground, List<TokenMask[]> masks) {

  static MicroBatch of(NeuroJepaConfig c, int batch, SplittableRandom rng) {
    float[] vox = new float[batch * c.voxels()];
    for (int i = 0; i < vox.length; i++) {
      vox[i] = (float) rng.nextDouble();
    }
    boolean[][] fg = new boolean[batch][];
    List<TokenMask[]> masks = new ArrayList<>();
    for (MaskGenerator g : MaskGenerator.multiscale()) {
      TokenMask[] ms = new TokenMask[batch];
      for (int b = 0; b < batch; b++) {
        fg[b] = MaskGeneratorTest.ellipsoidForeground();
        ms[b] = g.generate(rng, fg[b]);
      }
      masks.add(ms);
    }
    return new MicroBatch(vox, fg, masks);
  }
}
