package org.neurojepa.preprocessing.bias;

import org.neurojepa.preprocessing.volume.Volume;

/**
 * A corrected volume and the multiplicative field that was divided out: input = corrected × field.
 * The field's geometric mean over the head is 1, so corrected intensities keep their scale.
 */
public record BiasCorrection(Volume corrected, Volume field) {}
