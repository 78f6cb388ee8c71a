/**
 * Conversions between the SDK's volumes, masks and label maps and ND4J arrays, for code that
 * already works with ND4J or Deeplearning4j. See {@link org.medannot.nd4j.Nd4jConversions} for the
 * axis order, the data types and the copy rules.
 *
 * <p>This module depends on {@code org.nd4j:nd4j-api} only. An application adds one ND4J backend
 * of the same version (1.0.0-M2.1): {@code org.nd4j:nd4j-native-platform}, which brings the
 * natives of every supported platform, or {@code org.nd4j:nd4j-native} together with
 * {@code nd4j-native} of the classifier of its platform (for example {@code linux-x86_64},
 * {@code macosx-arm64} or {@code windows-x86_64}). The module's own tests run on
 * {@code linux-x86_64}; the build property {@code nd4j.test.platform} selects another classifier.
 */
package org.medannot.nd4j;
