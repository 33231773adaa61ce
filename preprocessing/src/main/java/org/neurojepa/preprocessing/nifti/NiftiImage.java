package org.neurojepa.preprocessing.nifti;

import org.neurojepa.preprocessing.volume.Volume;

/** A NIfTI-1 file as read: its header and the volume with physical (scaled) values. */
public record NiftiImage(NiftiHeader header, Volume volume) {}
