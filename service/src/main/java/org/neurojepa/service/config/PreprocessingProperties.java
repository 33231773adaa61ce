package org.neurojepa.service.config;

import jakarta.validation.constraints.NotNull;
import org.neurojepa.preprocessing.Contrast;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Preprocessing before the model. Prefix {@code neurojepa.preprocessing}. Without template paths
 * the embedded default is Colin27 from Debian's mricron-data.
 *
 * @param templateImage registration target in MNI space (NIfTI); empty: Colin27
 * @param templateBrain its brain (a mask or a brain-extracted image, non-zero = brain); required with templateImage
 * @param templateContrast the contrast the template shows
 * @param biasCorrection N4-like bias-field correction before registration
 */
@Validated
@ConfigurationProperties("neurojepa.preprocessing")
public record PreprocessingProperties(
    @NotNull @DefaultValue("") String templateImage,
    @NotNull @DefaultValue("") String templateBrain,
    @NotNull @DefaultValue("T1W") Contrast templateContrast,
    @DefaultValue("true") boolean biasCorrection) {}
