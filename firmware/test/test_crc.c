/* CRC-32 against zlib's values. */
#include "hil.h"
#include "test.h"

void test_crc(void)
{
    CHECK_EQ(hil_crc32(0, "", 0), 0);
    CHECK_EQ(hil_crc32(0, "123456789", 9), 0xCBF43926u);
    CHECK_EQ(hil_crc32(0, "The quick brown fox jumps over the lazy dog", 43), 0x414FA339u);
    /* Chaining equals one pass. */
    CHECK_EQ(hil_crc32(hil_crc32(0, "12345", 5), "6789", 4), 0xCBF43926u);
    uint8_t ff[4] = {0xff, 0xff, 0xff, 0xff};
    CHECK_EQ(hil_crc32(0, ff, 4), 0xFFFFFFFFu);
}
