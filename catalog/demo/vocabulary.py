"""Word lists the demo catalog is composed from (all written for this project).

Each style owns its own adjectives, materials, nouns, features and uses, so two products of
one style share many description words and products of different styles share few: that is
what makes text similarity meaningful inside a style. Lists are `|`-separated strings to keep
this table readable.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class StyleSpec:
    """One style (sub-category): its vocabulary and its price range in whole currency units."""

    name: str
    price_range: tuple[int, int]
    adjectives: tuple[str, ...]
    materials: tuple[str, ...]
    nouns: tuple[str, ...]
    features: tuple[str, ...]
    uses: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class CategorySpec:
    name: str
    has_gender_affinity: bool
    styles: tuple[StyleSpec, ...]


def _split(words: str, separator: str = "|") -> tuple[str, ...]:
    return tuple(w.strip() for w in words.split(separator) if w.strip())


def _style(
    name: str,
    price_range: tuple[int, int],
    *,
    adj: str,
    mat: str,
    noun: str,
    feat: str,
    use: str,
) -> StyleSpec:
    return StyleSpec(
        name=name,
        price_range=price_range,
        adjectives=_split(adj),
        materials=_split(mat),
        nouns=_split(noun),
        features=_split(feat),
        uses=_split(use),
    )


CATEGORIES: tuple[CategorySpec, ...] = (
    CategorySpec(
        "apparel",
        True,
        (
            _style(
                "shirt",
                (24, 79),
                adj="Harbor|Weekend|Oxford Street|Breezy|Tailored|Sunday",
                mat="Linen|Cotton Poplin|Chambray|Flannel|Seersucker|Organic Cotton",
                noun="Button-Down Shirt|Camp Shirt|Long-Sleeve Shirt",
                feat="a relaxed collar|mother-of-pearl buttons|a curved hem|a soft brushed finish",
                use="warm office days|weekend brunches|summer evenings|casual Fridays",
            ),
            _style(
                "jacket",
                (69, 249),
                adj="Northwind|Urban|Stormline|Drifter|Metro|Alpine",
                mat="Waxed Cotton|Quilted Nylon|Denim|Wool Blend|Ripstop|Corduroy",
                noun="Field Jacket|Bomber Jacket|Rain Jacket",
                feat=(
                    "a storm flap over the zip|deep hand-warmer pockets|taped seams|a packable hood"
                ),
                use="windy commutes|autumn walks|layering over knitwear|rainy city days",
            ),
            _style(
                "sweater",
                (39, 139),
                adj="Fireside|Highland|Cozy Cabin|Heritage|Snowfall|Fisherman",
                mat="Merino|Cashmere Blend|Lambswool|Cable-Knit Cotton|Alpaca",
                noun="Crewneck Sweater|Cardigan|Turtleneck Sweater",
                feat="ribbed cuffs|a classic cable pattern|a soft brushed yarn|a relaxed fit",
                use="chilly mornings|holiday gatherings|layering in winter|evenings by the fire",
            ),
            _style(
                "trousers",
                (35, 119),
                adj="Commuter|Everyday|Slim Line|Workday|Classic|Traveler",
                mat="Stretch Twill|Wool Flannel|Cotton Canvas|Linen Blend|Corduroy",
                noun="Chinos|Pleated Trousers|Cargo Pants",
                feat=(
                    "a tapered leg|a hidden stretch waistband|"
                    "deep side pockets|a crease-resistant weave"
                ),
                use="long workdays|travel days|smart-casual dinners|daily commutes",
            ),
            _style(
                "hoodie",
                (29, 89),
                adj="Campus|Lazy Sunday|Skyline|Downtown|Chill|Varsity",
                mat="French Terry|Fleece|Heavyweight Cotton|Recycled Jersey|Brushed Fleece",
                noun="Pullover Hoodie|Zip Hoodie|Sweatshirt",
                feat=(
                    "a lined drawstring hood|a roomy kangaroo pocket|"
                    "ribbed side panels|dropped shoulders"
                ),
                use="lounging at home|early gym sessions|movie nights|cool evenings outdoors",
            ),
        ),
    ),
    CategorySpec(
        "footwear",
        True,
        (
            _style(
                "sneaker",
                (49, 159),
                adj="Velocity|Streetwise|Cloudstep|Rally|Courtside|Sprint",
                mat="Knit Mesh|Canvas|White Leather|Suede|Recycled Knit",
                noun="Running Sneaker|Low-Top Sneaker|Trainer",
                feat=(
                    "a cushioned foam midsole|a breathable upper|"
                    "a grippy rubber outsole|padded collars"
                ),
                use="daily runs|city walking|gym sessions|weekend errands",
            ),
            _style(
                "boot",
                (89, 259),
                adj="Trailblazer|Summit|Rugged|Frontier|Timberline|Ridge",
                mat="Suede|Full-Grain Leather|Waxed Canvas|Nubuck|Oiled Leather",
                noun="Hiking Boot|Chelsea Boot|Work Boot",
                feat=(
                    "a lugged rubber outsole|a waterproof membrane|"
                    "a padded ankle collar|a steel shank"
                ),
                use="muddy trails|snowy winters|long shifts on site|autumn hikes",
            ),
            _style(
                "sandal",
                (25, 99),
                adj="Seaside|Boardwalk|Island|Sunbaked|Lagoon|Coastal",
                mat="Cork|Braided Leather|Rubber|Woven Raffia|Vegan Leather",
                noun="Slide Sandal|Strappy Sandal|Flip-Flop",
                feat=(
                    "a contoured footbed|adjustable buckle straps|"
                    "a quick-dry sole|a cushioned heel cup"
                ),
                use="beach days|poolside afternoons|summer holidays|hot city strolls",
            ),
            _style(
                "formal",
                (99, 299),
                adj="Ambassador|Gala|Regent|Boardroom|Evening|Windsor",
                mat="Patent Leather|Polished Calfskin|Velvet|Burnished Leather|Satin",
                noun="Oxford Shoe|Loafer|Pump",
                feat=(
                    "a leather-lined interior|a stacked heel|"
                    "hand-finished stitching|a slim silhouette"
                ),
                use="weddings|business meetings|formal dinners|evening receptions",
            ),
        ),
    ),
    CategorySpec(
        "outdoors",
        False,
        (
            _style(
                "camping",
                (29, 349),
                adj="Basecamp|Wildwood|Starlight|Pinecrest|Backcountry|Lakeside",
                mat="Ripstop Nylon|Aluminum|Polyester|Canvas|Titanium",
                noun="Dome Tent|Sleeping Bag|Camp Stove",
                feat=(
                    "a quick-pitch frame|a weatherproof fly|"
                    "a compact stuff sack|a lightweight build"
                ),
                use="weekend campouts|festival trips|family camping|nights under the stars",
            ),
            _style(
                "hiking",
                (19, 189),
                adj="Switchback|Ridgeline|Trailhead|Peakseeker|Canyon|Meadow",
                mat="Carbon Fiber|Ripstop|Merino|Aluminum|Mesh",
                noun="Trekking Poles|Daypack|Hydration Pack",
                feat=(
                    "adjustable shoulder straps|cork grips|"
                    "a ventilated back panel|a hydration sleeve"
                ),
                use="day hikes|steep ascents|long ridge walks|multi-day treks",
            ),
            _style(
                "fishing",
                (15, 229),
                adj="Riverbend|Troutstream|Deepwater|Angler's|Stillwater|Shoreline",
                mat="Graphite|Fiberglass|Stainless Steel|Braided Line|Cork",
                noun="Spinning Rod|Fly Reel|Tackle Box",
                feat=(
                    "a smooth drag system|a sensitive tip|"
                    "corrosion-resistant fittings|a cork handle"
                ),
                use=(
                    "early mornings on the lake|river fly fishing|"
                    "saltwater casting|family fishing trips"
                ),
            ),
            _style(
                "cycling",
                (19, 399),
                adj="Velodrome|Gravel|Crosstown|Breakaway|Tailwind|Hillclimb",
                mat="Carbon|Alloy|Chromoly Steel|Lycra|Polycarbonate",
                noun="Bike Helmet|Saddle Bag|Bike Light",
                feat=(
                    "a vented shell|reflective details|a quick-release mount|a rechargeable battery"
                ),
                use="commuting by bike|gravel rides|long road rides|night riding",
            ),
        ),
    ),
    CategorySpec(
        "electronics",
        False,
        (
            _style(
                "headphones",
                (29, 349),
                adj="Quietzone|Studio|Bassline|Clearwave|Pulse|Echo",
                mat="Matte Black|Brushed Aluminum|Soft Protein Leather|Graphite|Pearl White",
                noun="Over-Ear Headphones|Wireless Earbuds|On-Ear Headphones",
                feat=(
                    "active noise cancelling|thirty hours of battery life|"
                    "a low-latency wireless link|memory-foam ear cushions"
                ),
                use="long flights|focused work|music at the gym|late-night gaming",
            ),
            _style(
                "speaker",
                (39, 299),
                adj="Boombox|Roomfill|Soundwave|Festival|Hearth|Resonance",
                mat="Fabric-Wrapped|Walnut|Rugged Rubber|Aluminum|Graphite",
                noun="Bluetooth Speaker|Smart Speaker|Soundbar",
                feat=(
                    "deep bass from a passive radiator|a waterproof shell|"
                    "voice assistant support|multi-room pairing"
                ),
                use="backyard parties|movie nights|the kitchen counter|poolside playlists",
            ),
            _style(
                "camera",
                (99, 899),
                adj="Snapshot|Horizon|Lumina|Wanderlust|Focal|Aperture",
                mat="Compact|Weather-Sealed|Mirrorless|Retro Silver|Matte Black",
                noun="Digital Camera|Action Camera|Instant Camera",
                feat=(
                    "optical image stabilisation|4K video recording|"
                    "a flip-out screen|a fast autofocus"
                ),
                use="travel photography|vlogging|family holidays|underwater adventures",
            ),
            _style(
                "tablet",
                (149, 799),
                adj="Sketchpad|Horizon|Nomad|Canvas|Slate|Voyager",
                mat="Aluminum|Space Gray|Silver|Midnight Blue|Rose Gold",
                noun="Tablet|E-Reader|Drawing Tablet",
                feat=(
                    "a bright high-resolution display|all-day battery life|"
                    "stylus support|a slim unibody case"
                ),
                use="reading on the go|digital sketching|streaming shows|note-taking in class",
            ),
            _style(
                "smartwatch",
                (79, 449),
                adj="Pulse|Stride|Active|Chrono|Fitline|Marathon",
                mat="Silicone|Titanium|Stainless Steel|Woven Nylon|Aluminum",
                noun="Smartwatch|Fitness Tracker|GPS Watch",
                feat="heart-rate tracking|built-in GPS|sleep monitoring|a week of battery life",
                use=(
                    "marathon training|daily step goals|swim workouts|keeping up with notifications"
                ),
            ),
        ),
    ),
    CategorySpec(
        "beauty",
        True,
        (
            _style(
                "skincare",
                (12, 89),
                adj="Radiance|Dewdrop|Pure|Botanical|Glow|Calm",
                mat="Hyaluronic|Vitamin C|Aloe|Green Tea|Rosehip|Shea Butter",
                noun="Face Serum|Moisturizer|Facial Cleanser",
                feat=(
                    "a lightweight fast-absorbing texture|a fragrance-free formula|"
                    "gentle plant extracts|lasting hydration"
                ),
                use="morning routines|dry winter skin|sensitive skin|an evening wind-down",
            ),
            _style(
                "fragrance",
                (35, 159),
                adj="Midnight|Citrus Grove|Velvet|Ocean Breeze|Amber|Wildflower",
                mat="Sandalwood|Bergamot|Vanilla|Cedar|Jasmine|Vetiver",
                noun="Eau de Parfum|Eau de Toilette|Cologne",
                feat=(
                    "warm base notes|a bright citrus opening|"
                    "a long-lasting trail|a refillable glass bottle"
                ),
                use="evenings out|everyday wear|special occasions|gifting",
            ),
            _style(
                "haircare",
                (9, 59),
                adj="Silken|Volume|Salon|Revive|Nourish|Shine",
                mat="Argan Oil|Coconut|Keratin|Tea Tree|Biotin",
                noun="Shampoo|Conditioner|Hair Mask",
                feat="a sulfate-free formula|a rich lather|frizz control|a clean fresh scent",
                use="color-treated hair|curly hair|daily washing|weekly deep conditioning",
            ),
            _style(
                "grooming",
                (14, 129),
                adj="Barbershop|Precision|Smooth|Classic|Sharp|Daily",
                mat="Stainless Steel|Badger Hair|Sandalwood|Charcoal|Bamboo",
                noun="Beard Trimmer|Shaving Kit|Grooming Set",
                feat=(
                    "adjustable guard lengths|a cordless design|"
                    "a travel pouch|a close comfortable shave"
                ),
                use="a quick morning routine|beard maintenance|travel|a barbershop finish at home",
            ),
        ),
    ),
    CategorySpec(
        "jewelry",
        True,
        (
            _style(
                "necklace",
                (29, 399),
                adj="Celestial|Dainty|Heirloom|Cascade|Lumière|Moonlit",
                mat="Sterling Silver|14k Gold|Rose Gold|Freshwater Pearl|Turquoise",
                noun="Pendant Necklace|Chain Necklace|Choker",
                feat=(
                    "an adjustable chain|a polished pendant|a secure lobster clasp|hand-set stones"
                ),
                use="everyday layering|evening wear|anniversary gifts|wedding days",
            ),
            _style(
                "bracelet",
                (19, 249),
                adj="Infinity|Charmed|Braided|Stackable|Sunburst|Cuffed",
                mat="Sterling Silver|Leather|Beaded Onyx|Gold Vermeil|Stainless Steel",
                noun="Cuff Bracelet|Charm Bracelet|Bangle",
                feat="an open adjustable cuff|a magnetic clasp|hand-strung beads|an engraved band",
                use="stacking with a watch|festival season|thoughtful gifts|everyday wear",
            ),
            _style(
                "ring",
                (25, 899),
                adj="Eternity|Solitaire|Signet|Twisted|Halo|Vintage",
                mat="Platinum|White Gold|Sterling Silver|Sapphire|Moissanite",
                noun="Band Ring|Statement Ring|Stacking Ring",
                feat=(
                    "a comfort-fit band|a brilliant-cut stone|"
                    "a brushed finish|a hand-engraved detail"
                ),
                use="engagements|anniversaries|stacking|a signature everyday look",
            ),
            _style(
                "earrings",
                (15, 299),
                adj="Teardrop|Starry|Petite|Chandelier|Sunrise|Opaline",
                mat="Sterling Silver|Gold Filled|Pearl|Cubic Zirconia|Opal",
                noun="Stud Earrings|Hoop Earrings|Drop Earrings",
                feat=(
                    "hypoallergenic posts|secure butterfly backs|"
                    "a lightweight design|a polished shine"
                ),
                use="sensitive ears|office wear|evening parties|birthday gifts",
            ),
            _style(
                "watch",
                (59, 599),
                adj="Heritage|Navigator|Tempo|Meridian|Aviator|Classic",
                mat="Stainless Steel|Leather Strap|Rose Gold|Mesh Band|Titanium",
                noun="Dress Watch|Chronograph|Dive Watch",
                feat=(
                    "sapphire crystal glass|water resistance to 100 meters|"
                    "a date window|a Swiss quartz movement"
                ),
                use="boardroom meetings|weekend sailing|formal events|daily wear",
            ),
        ),
    ),
    CategorySpec(
        "accessories",
        True,
        (
            _style(
                "backpack",
                (35, 189),
                adj="Nomad|Wayfarer|Campus|Explorer|Transit|Roamer",
                mat="Waxed Canvas|Recycled Nylon|Leather|Cordura|Ripstop",
                noun="Backpack|Rolltop Pack|Laptop Backpack",
                feat=(
                    "a padded laptop sleeve|water-resistant zips|"
                    "a hidden passport pocket|breathable shoulder straps"
                ),
                use="daily commutes|weekend getaways|campus life|carry-on travel",
            ),
            _style(
                "wallet",
                (19, 119),
                adj="Slimline|Minimalist|Heritage|Pocket|Voyager|Card",
                mat="Full-Grain Leather|Saffiano Leather|Canvas|Cork|Carbon Fiber",
                noun="Bifold Wallet|Card Holder|Zip Wallet",
                feat="RFID blocking|six card slots|a coin pocket|a slim profile",
                use="front-pocket carry|travel|everyday essentials|gifting",
            ),
            _style(
                "sunglasses",
                (25, 229),
                adj="Riviera|Sunset|Aviator|Horizon|Palm|Glare-Free",
                mat="Tortoiseshell|Acetate|Metal Frame|Polarized|Bamboo",
                noun="Sunglasses|Aviator Shades|Cat-Eye Sunglasses",
                feat=(
                    "polarized lenses|full UV400 protection|"
                    "spring hinges|a scratch-resistant coating"
                ),
                use="road trips|beach days|bright city afternoons|summer festivals",
            ),
            _style(
                "hat",
                (15, 89),
                adj="Sunchaser|Trail|Ballpark|Fisherman|Fedora|Beachcomber",
                mat="Straw|Wool Felt|Cotton Twill|Canvas|Knit",
                noun="Bucket Hat|Baseball Cap|Wide-Brim Hat",
                feat=(
                    "a sweat-wicking band|a packable crown|an adjustable strap|a wide shading brim"
                ),
                use="sunny hikes|game days|garden parties|winter walks",
            ),
            _style(
                "belt",
                (19, 99),
                adj="Ranch|Boardroom|Everyday|Braided|Saddle|Classic",
                mat="Full-Grain Leather|Woven Elastic|Suede|Canvas|Reversible Leather",
                noun="Dress Belt|Casual Belt|Reversible Belt",
                feat=(
                    "a brushed nickel buckle|hand-stitched edges|"
                    "a reversible strap|a trim-to-fit design"
                ),
                use="office outfits|weekend denim|formal suits|travel wardrobes",
            ),
        ),
    ),
    CategorySpec(
        "housewares",
        False,
        (
            _style(
                "cookware",
                (29, 299),
                adj="Chef's|Hearth|Bistro|Everyday|Pro Series|Farmhouse",
                mat="Cast Iron|Stainless Steel|Nonstick Ceramic|Copper|Carbon Steel",
                noun="Skillet|Dutch Oven|Saucepan",
                feat=(
                    "even heat distribution|an oven-safe handle|"
                    "a tight-fitting lid|an induction-ready base"
                ),
                use="weeknight dinners|slow braises|searing steaks|family feasts",
            ),
            _style(
                "tableware",
                (19, 149),
                adj="Harvest|Coastal|Artisan|Rustic|Nordic|Garden",
                mat="Stoneware|Porcelain|Bone China|Glazed Ceramic|Recycled Glass",
                noun="Dinner Set|Serving Bowl|Mug Set",
                feat="a reactive glaze|dishwasher-safe pieces|stackable shapes|hand-thrown edges",
                use="dinner parties|everyday meals|holiday tables|morning coffee",
            ),
            _style(
                "bakeware",
                (12, 79),
                adj="Golden Crust|Sweet Tooth|Baker's|Sunday|Heritage|Patisserie",
                mat="Aluminized Steel|Silicone|Glass|Ceramic|Nonstick Steel",
                noun="Loaf Pan|Baking Sheet|Muffin Tin",
                feat="a nonstick coating|rolled edges|even browning|easy-release corners",
                use="weekend baking|holiday cookies|fresh bread|birthday cakes",
            ),
            _style(
                "storage",
                (9, 69),
                adj="Pantry|Freshkeep|Stackable|Clearview|Tidy|Organized",
                mat="Borosilicate Glass|Bamboo|BPA-Free Plastic|Stainless Steel|Ceramic",
                noun="Food Container Set|Canister|Spice Rack",
                feat=(
                    "airtight locking lids|stackable shapes|"
                    "clear sides to see contents|a leak-proof seal"
                ),
                use="meal prep|pantry staples|lunches on the go|an organized kitchen",
            ),
        ),
    ),
    CategorySpec(
        "homedecor",
        False,
        (
            _style(
                "lighting",
                (29, 259),
                adj="Glowing|Mid-Century|Lantern|Halo|Amber|Soft Light",
                mat="Brass|Rattan|Frosted Glass|Ceramic|Matte Black Metal",
                noun="Table Lamp|Floor Lamp|Pendant Light",
                feat="a dimmable warm bulb|a linen shade|an adjustable arm|a weighted base",
                use="reading corners|bedside tables|dining areas|cozy living rooms",
            ),
            _style(
                "rug",
                (49, 399),
                adj="Bohemian|Moroccan|Heritage|Coastal|Modern|Nomad",
                mat="Hand-Woven Wool|Jute|Cotton|Shag|Recycled Fiber",
                noun="Area Rug|Runner|Round Rug",
                feat="a low-shedding pile|a non-slip backing|a hand-knotted pattern|fringed edges",
                use="living rooms|hallways|bedrooms|entryways",
            ),
            _style(
                "cushion",
                (15, 59),
                adj="Cozy|Tassel|Botanical|Geometric|Cloud|Velvet Dream",
                mat="Velvet|Linen|Bouclé|Embroidered Cotton|Faux Fur",
                noun="Throw Pillow|Floor Cushion|Lumbar Pillow",
                feat="a feather-blend insert|a hidden zip|piped edges|a removable washable cover",
                use="sofa refreshes|reading nooks|bedroom layering|seasonal updates",
            ),
            _style(
                "vase",
                (15, 129),
                adj="Sculpted|Minimal|Terracotta|Bud|Organic|Ribbed",
                mat="Ceramic|Hand-Blown Glass|Stoneware|Brass|Matte Porcelain",
                noun="Flower Vase|Bud Vase|Floor Vase",
                feat=(
                    "a watertight glaze|an organic hand-formed shape|a weighted base|a matte finish"
                ),
                use="fresh bouquets|dried stems|mantel styling|dining table centerpieces",
            ),
            _style(
                "wall-art",
                (25, 299),
                adj="Abstract|Mountain|Botanical|Coastal|Vintage Map|Skyline",
                mat="Canvas|Framed Print|Metal|Watercolor|Woodcut",
                noun="Wall Art|Art Print|Gallery Canvas",
                feat="a ready-to-hang frame|archival inks|a gallery-wrapped edge|a textured finish",
                use="living room walls|gallery walls|home offices|above the bed",
            ),
        ),
    ),
    CategorySpec(
        "furniture",
        False,
        (
            _style(
                "sofa",
                (399, 1999),
                adj="Cloudnine|Harborview|Lounge|Mid-Century|Haven|Sunday",
                mat="Performance Velvet|Leather|Linen Blend|Bouclé|Tweed",
                noun="Sofa|Loveseat|Sectional",
                feat="deep seat cushions|solid hardwood legs|removable covers|a kiln-dried frame",
                use="family movie nights|small apartments|open-plan living rooms|lazy weekends",
            ),
            _style(
                "chair",
                (79, 699),
                adj="Scandi|Wingback|Studio|Bistro|Lounge|Ergonomic",
                mat="Oak|Walnut|Rattan|Molded Plywood|Upholstered Velvet",
                noun="Armchair|Dining Chair|Desk Chair",
                feat="a contoured backrest|a swivel base|tapered legs|lumbar support",
                use="reading corners|dining rooms|home offices|patio seating",
            ),
            _style(
                "table",
                (99, 1299),
                adj="Farmhouse|Live-Edge|Mid-Century|Pedestal|Nesting|Parsons",
                mat="Solid Oak|Reclaimed Pine|Marble|Walnut Veneer|Tempered Glass",
                noun="Dining Table|Coffee Table|Side Table",
                feat="a sealed tabletop|an extendable leaf|a lower storage shelf|solid joinery",
                use="family dinners|living room gatherings|small spaces|entertaining guests",
            ),
            _style(
                "bed",
                (299, 1799),
                adj="Dreamland|Platform|Canopy|Upholstered|Sleigh|Haven",
                mat="Solid Pine|Upholstered Linen|Oak|Iron|Velvet",
                noun="Bed Frame|Storage Bed|Headboard",
                feat=(
                    "under-bed storage drawers|a tufted headboard|a slatted base|tool-free assembly"
                ),
                use="guest rooms|master bedrooms|small bedrooms|kids' rooms",
            ),
            _style(
                "shelving",
                (49, 599),
                adj="Ladder|Cubby|Floating|Industrial|Library|Modular",
                mat="Oak Veneer|Steel and Wood|Bamboo|Walnut|White Lacquer",
                noun="Bookcase|Wall Shelf|Storage Unit",
                feat="adjustable shelves|an anti-tip kit|open cubbies|a hidden fixing",
                use="book collections|home offices|living room displays|kids' toys",
            ),
        ),
    ),
    CategorySpec(
        "groceries",
        False,
        (
            _style(
                "coffee",
                (8, 39),
                adj="Morning Ritual|Dark Roast|Single Origin|Espresso|Highland|Sunrise",
                mat="Arabica|Colombian|Ethiopian|Decaf|Cold Brew",
                noun="Whole Bean Coffee|Ground Coffee|Coffee Pods",
                feat=(
                    "notes of dark chocolate|a smooth low-acid finish|"
                    "a bright fruity aroma|small-batch roasting"
                ),
                use="morning espresso|French press brewing|pour-over mornings|office coffee breaks",
            ),
            _style(
                "tea",
                (5, 29),
                adj="Garden|Calming|Imperial|Breakfast|Moonlight|Spiced",
                mat="Green Tea|Earl Grey|Chamomile|Rooibos|Chai",
                noun="Loose Leaf Tea|Tea Bags|Tea Sampler",
                feat=(
                    "whole leaves|a floral aroma|"
                    "a naturally caffeine-free blend|a warming spice blend"
                ),
                use="afternoon breaks|bedtime routines|iced tea in summer|gifting tea lovers",
            ),
            _style(
                "snacks",
                (3, 19),
                adj="Crunchy|Trail|Sea Salt|Sweet and Salty|Roasted|Smoky",
                mat="Almond|Cashew|Dark Chocolate|Kettle Potato|Pretzel",
                noun="Snack Mix|Chips|Protein Bar",
                feat=(
                    "a satisfying crunch|no artificial flavors|"
                    "a resealable bag|a good dose of protein"
                ),
                use="road trips|afternoon cravings|lunch boxes|movie nights",
            ),
            _style(
                "pantry",
                (4, 29),
                adj="Old World|Stone-Ground|Kitchen Staple|Artisan|Rustic|Heirloom",
                mat="Tuscan|Sicilian|Himalayan|Provençal|Smoked|Roasted Garlic",
                noun="Olive Oil|Sea Salt|Pasta Sauce",
                feat="cold pressing|small-batch cooking|a rich golden color|a single-estate origin",
                use="weeknight pasta|salad dressings|homemade risotto|roasted vegetables",
            ),
        ),
    ),
    CategorySpec(
        "tools",
        False,
        (
            _style(
                "hand-tools",
                (9, 129),
                adj="Craftsman's|Heavy-Duty|Precision|Workshop|Jobsite|Pro Grip",
                mat="Drop-Forged Steel|Chrome Vanadium|Fiberglass|Hickory|Rubber Grip",
                noun="Hammer|Screwdriver Set|Wrench Set",
                feat=(
                    "a shock-absorbing handle|magnetic tips|"
                    "a lifetime warranty|a fitted storage case"
                ),
                use="weekend DIY|home repairs|furniture assembly|the garage workbench",
            ),
            _style(
                "power-tools",
                (59, 399),
                adj="Torque|Brushless|Compact|Jobsite|Turbo|Max Power",
                mat="20V Lithium|Cordless|Corded|Brushless Motor|Impact-Rated",
                noun="Drill Driver|Circular Saw|Impact Driver",
                feat=(
                    "two batteries and a charger|a built-in LED work light|"
                    "variable speed control|a keyless chuck"
                ),
                use="deck building|drilling into masonry|cabinet installs|renovation projects",
            ),
            _style(
                "garden",
                (12, 179),
                adj="Greenthumb|Orchard|Evergreen|Cottage|Harvest|Meadow",
                mat="Stainless Steel|Ash Wood|Carbon Steel|Galvanized|Ergonomic Resin",
                noun="Pruning Shears|Garden Spade|Hose Reel",
                feat="a bypass blade|a cushioned grip|rust-resistant steel|a long reach",
                use="rose pruning|vegetable beds|spring planting|lawn care",
            ),
            _style(
                "measuring",
                (9, 149),
                adj="True Level|Precision|Laser|Accurate|Pro Series|Builder's",
                mat="Aluminum|Magnetic Steel|Digital|Laser-Guided|Fiberglass",
                noun="Spirit Level|Tape Measure|Laser Measure",
                feat="a shock-proof housing|a backlit display|a magnetic edge|millimeter accuracy",
                use="hanging shelves|tiling floors|framing walls|measuring rooms",
            ),
        ),
    ),
    CategorySpec(
        "books",
        False,
        (
            _style(
                "fiction",
                (9, 29),
                adj="Silent|Forgotten|Midnight|Lighthouse|Winter|Hidden",
                mat="Harbor|Orchard|Garden|Kingdom|River",
                noun="Mystery Novel|Family Saga|Thriller",
                feat=(
                    "a twisting plot|unforgettable characters|"
                    "a surprising final chapter|lyrical storytelling"
                ),
                use="long weekends|book club evenings|beach reading|rainy afternoons",
            ),
            _style(
                "cookbook",
                (14, 45),
                adj="Simple|Weeknight|Plant-Powered|Sunday Supper|Seasonal|Coastal",
                mat="Mediterranean|Vegetarian|Baking|One-Pot|Farmhouse",
                noun="Cookbook|Recipe Collection|Kitchen Guide",
                feat=(
                    "step-by-step photographs|quick weeknight recipes|"
                    "seasonal menus|tips from professional chefs"
                ),
                use="new home cooks|family dinners|holiday baking|meal planning",
            ),
            _style(
                "travel",
                (12, 39),
                adj="Wanderer's|Pocket|Off the Beaten Path|Slow|Weekend|Grand Tour",
                mat="Alpine|Island|Coastal Road|City|Desert",
                noun="Travel Guide|Road Trip Atlas|Travel Journal",
                feat=(
                    "fold-out maps|hidden local gems|day-by-day itineraries|practical packing lists"
                ),
                use="trip planning|backpacking adventures|weekend escapes|armchair travel",
            ),
            _style(
                "science",
                (14, 49),
                adj="Curious|Cosmic|Brief|Hidden Life of|Big Ideas|Everyday",
                mat="Astronomy|Biology|Physics|Ocean|Neuroscience",
                noun="Popular Science Book|Illustrated Guide|Field Guide",
                feat=(
                    "clear diagrams|engaging explanations|"
                    "the latest research|stunning illustrations"
                ),
                use="curious minds|students|late-night reading|gifting science fans",
            ),
        ),
    ),
    CategorySpec(
        "toys",
        False,
        (
            _style(
                "puzzle",
                (9, 49),
                adj="Starry Night|Wildlife|Brain Teaser|Panorama|Rainbow|Mystery",
                mat="1000-Piece|500-Piece|Wooden|3D Foam|Glow-in-the-Dark",
                noun="Jigsaw Puzzle|Puzzle Box|Logic Puzzle",
                feat=(
                    "precision-cut pieces|a reference poster|"
                    "thick recycled board|a sturdy storage box"
                ),
                use="family game nights|rainy days|quiet afternoons|gifting puzzle fans",
            ),
            _style(
                "building",
                (15, 149),
                adj="Skyline|Robot|Castle|Rocket|Inventor's|Dino",
                mat="Wooden Block|Magnetic Tile|Interlocking Brick|Gear|Snap-Fit",
                noun="Building Set|Construction Kit|Engineering Kit",
                feat="colorful pieces|step-by-step instructions|endless combinations|a storage tub",
                use="creative play|STEM learning|weekend projects|birthday gifts",
            ),
            _style(
                "plush",
                (9, 49),
                adj="Snuggly|Cuddle|Sleepy|Huggable|Fluffy|Tiny",
                mat="Bear|Bunny|Dinosaur|Penguin|Fox",
                noun="Plush Toy|Stuffed Animal|Soft Toy",
                feat="extra-soft fur|safety-stitched eyes|a machine-washable body|a cuddly size",
                use="bedtime|newborn gifts|car trips|comfort on sick days",
            ),
            _style(
                "board-game",
                (14, 69),
                adj="Treasure Hunt|Kingdoms|Space Race|Dragon's|Word|Quick Draw",
                mat="Strategy|Cooperative|Party|Trivia|Deck-Building",
                noun="Board Game|Card Game|Dice Game",
                feat=(
                    "easy-to-learn rules|quick thirty-minute rounds|"
                    "beautiful illustrated cards|replayable scenarios"
                ),
                use=(
                    "family game nights|parties with friends|two-player evenings|holiday gatherings"
                ),
            ),
        ),
    ),
)

# Shoppers' personas group categories people tend to shop together, as the Retail Demo Store's
# personas do; a persona takes three categories from one theme.
PERSONA_THEMES: tuple[tuple[str, ...], ...] = (
    ("furniture", "homedecor", "housewares", "tools"),
    ("apparel", "footwear", "accessories", "jewelry", "beauty"),
    ("outdoors", "footwear", "apparel", "accessories"),
    ("electronics", "books", "toys", "tools"),
    ("groceries", "housewares", "books", "homedecor"),
    ("toys", "books", "apparel", "groceries"),
    ("beauty", "jewelry", "homedecor", "accessories"),
    ("electronics", "outdoors", "tools", "footwear"),
)

DISCOUNT_PERSONAS: tuple[str, ...] = (
    "discount_indifferent",
    "all_discounts",
    "lower_priced_products",
)

FEMALE_FIRST_NAMES: tuple[str, ...] = _split(
    "Abigail Alicia Amara Beatriz Camille Chloe Daniela Elena Esther Fatima Freya Gabriela Hana "
    "Ingrid Isla Jasmine Keiko Laila Lucia Maeve Mariana Maya Nadia Naomi Olivia Priya Rosa Sofia "
    "Tamara Thea Valentina Wren Yara Zoe",
    " ",
)
MALE_FIRST_NAMES: tuple[str, ...] = _split(
    "Aaron Amir Andre Benjamin Caleb Darius Diego Elias Emeka Felix Gabriel Hamza Hugo Isaac Jonas "
    "Kai Kenji Leon Luca Malik Marco Mateo Nikolai Omar Owen Pablo Rafael Samuel Tariq Theo Viktor "
    "Wesley Yusuf Zane",
    " ",
)
LAST_NAMES: tuple[str, ...] = _split(
    "Abara Adler Alvarez Andersen Bauer Bennett Castillo Chen Costa Dalton Delgado Dubois Ellison "
    "Farrow Fischer Garcia Haddad Hartley Holm Ibrahim Ito Jensen Kaur Keller Kowalski Larsen "
    "Lindqvist Lopez Mahoney Marsh Mendes Morales Nakamura Novak Okafor Oliveira Park Petrov Quinn "
    "Ramos Reyes Rossi Sato Schmidt Sharma Silva Stone Sullivan Tanaka Torres Underwood Varga "
    "Vasquez Walsh Weber Whitaker Yamada Young Zimmerman",
    " ",
)
