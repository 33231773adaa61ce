"""Reorients a NIfTI to the closest RAS orientation with nibabel and dumps it for a Java test.

Usage: nifti_ras_dump.py IN.nii OUT_PREFIX
Writes OUT_PREFIX.json (shape, affine row-major, qform/sform codes) and OUT_PREFIX.f32
(float32 little-endian voxels, i fastest).
"""
import json
import sys

import nibabel as nib
import numpy as np

img = nib.load(sys.argv[1])
sform_code = int(img.header["sform_code"])
qform_code = int(img.header["qform_code"])
qform = img.get_qform()
ras = nib.as_closest_canonical(img)
data = np.asarray(ras.get_fdata(dtype=np.float64)).astype("<f4")
if data.ndim > 3:
    data = data.reshape(data.shape[:3])
data.ravel(order="F").tofile(sys.argv[2] + ".f32")
json.dump({"shape": list(data.shape), "affine": ras.affine.flatten().tolist(),
           "original_affine": img.affine.flatten().tolist(), "qform": qform.flatten().tolist(),
           "sform_code": sform_code, "qform_code": qform_code}, open(sys.argv[2] + ".json", "w"))
